"""The public face of the network and of each Mesa: who they are and what they published.

Anyone may read these pages, without signing in; search engines may index them. They show
only what was published (see selectors.py) and are served from the publication cache
(cache.py): one query per request while nothing new is published.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.syndication.views import Feed
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from msj.mesas.models import Mesa, Network
from msj.press.models import Release
from msj.public import selectors
from msj.public.cache import serve

# The one query of a cached request. Written in SQL because building it through the ORM costs
# more than running it (bench/public.py measured 0.26 ms against 0.02 ms): on a cache hit it is
# all the work the page does. Table and column names come from the models, not from input.
_MESA_VERSION = "SELECT {pk}, {version} FROM {table} WHERE {slug} = %s AND {status} <> %s"
_NETWORK_VERSION = "SELECT {pk}, {version} FROM {table} WHERE {slug} = %s"


@functools.cache
def _sql(template: str, model: type[Mesa] | type[Network]) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    return template.format(
        table=quote(meta.db_table),
        pk=quote(meta.pk.column),  # type: ignore[union-attr]
        version=quote(meta.get_field("published_version").column),
        slug=quote(meta.get_field("slug").column),
        status=quote(Mesa._meta.get_field("status").column),
    )


def _version(template: str, model: type[Mesa] | type[Network], *params: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(_sql(template, model), params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return int(row[0]), int(row[1])


def _mesa_version(mesa_slug: str) -> tuple[int, int]:
    """The Mesa's id and publication version, in one query; 404 for a forming or unknown Mesa."""
    return _version(_MESA_VERSION, Mesa, mesa_slug, Mesa.Status.FORMING.value)


def _network_version(network_slug: str) -> tuple[int, int]:
    return _version(_NETWORK_VERSION, Network, network_slug)


def _csv(series: Any, filename: str) -> HttpResponse:
    response = HttpResponse(selectors.open_data_csv(series), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The networks, each with its Mesas: the way in for someone who knows nothing yet."""
    networks = Network.objects.order_by("name")
    if networks.count() == 1:
        network = networks.get()
        return network_page(request, network_slug=network.slug)
    return render(request, "public/index.html", {"networks": networks})


@require_GET
def network_page(request: HttpRequest, network_slug: str) -> HttpResponse:
    pk, version = _network_version(network_slug)

    def build() -> HttpResponse:
        network = Network.objects.get(pk=pk)
        mesas = list(selectors.public_mesas(network))
        series = selectors.published_series_for(mesas)
        cards = selectors.cards_for(mesas)
        context = {
            "network": network,
            "mesas": [(mesa, cards.get(mesa.pk)) for mesa in mesas],
            "forming": network.mesas.filter(status=Mesa.Status.FORMING).count(),
            "indicators": selectors.indicator_cards(series),
            "releases": selectors.releases(mesas),
        }
        return render(request, "public/network.html", context)

    return serve(request, ("network", pk, version), build)


@require_GET
def mesa_page(request: HttpRequest, mesa_slug: str) -> HttpResponse:
    pk, version = _mesa_version(mesa_slug)

    def build() -> HttpResponse:
        mesa = Mesa.objects.select_related("network").get(pk=pk)
        context = {
            "mesa": mesa,
            "card": selectors.card_for(mesa),
            "territory": list(mesa.territory.values_list("name", flat=True)),
            "indicators": selectors.indicator_cards(selectors.published_series_for([mesa])),
            "releases": selectors.releases(mesa=mesa),
        }
        return render(request, "public/mesa.html", context)

    return serve(request, ("mesa", pk, version), build)


@require_GET
def release(request: HttpRequest, mesa_slug: str, public_id: Any) -> HttpResponse:
    pk, version = _mesa_version(mesa_slug)

    def build() -> HttpResponse:
        found = get_object_or_404(Release.objects.published().select_related("mesa"), mesa_id=pk, public_id=public_id)
        return render(request, "public/release.html", {"mesa": found.mesa, "release": found})

    return serve(request, ("release", pk, str(public_id), version), build)


@require_GET
def mesa_data(request: HttpRequest, mesa_slug: str) -> HttpResponse:
    pk, version = _mesa_version(mesa_slug)

    def build() -> HttpResponse:
        mesa = Mesa.objects.get(pk=pk)
        return _csv(selectors.published_series_for([mesa]), f"{mesa.slug}-indicadores.csv")

    return serve(request, ("mesa.csv", pk, version), build)


@require_GET
def network_data(request: HttpRequest, network_slug: str) -> HttpResponse:
    pk, version = _network_version(network_slug)

    def build() -> HttpResponse:
        network = Network.objects.get(pk=pk)
        series = selectors.published_series_for(list(selectors.public_mesas(network)))
        return _csv(series, f"{network.slug}-indicadores.csv")

    return serve(request, ("network.csv", pk, version), build)


# Feeds: each published release is an entry, and so is each approval of indicator figures.


class _Entry:
    def __init__(self, title: str, description: str, link: str, published: Any, guid: str) -> None:
        self.title, self.description, self.link, self.published, self.guid = title, description, link, published, guid


def _entries(mesas: list[Mesa]) -> list[_Entry]:
    entries = [
        _Entry(
            title=r.title,
            description=r.summary,
            link=reverse("public:release", kwargs={"mesa_slug": r.mesa.slug, "public_id": r.public_id}),
            published=r.published_at,
            guid=f"release:{r.public_id}",
        )
        for r in selectors.releases(mesas)
    ]
    for series in selectors.published_series_for(mesas):
        latest = series.latest
        mesa = series.indicator.mesa
        entries.append(
            _Entry(
                title=_("%(mesa)s: %(indicator)s, figures up to %(month)02d/%(year)d")
                % {"mesa": mesa.name, "indicator": series.indicator.name, "month": latest.month, "year": latest.year}
                if latest
                else series.indicator.name,
                description=_("Figures approved by the Mesa's Executive Committee for publication."),
                link=reverse("public:mesa", kwargs={"mesa_slug": mesa.slug}),
                published=series.approval.created_at,
                guid=f"figures:{series.approval.public_id}",
            )
        )
    return sorted(entries, key=lambda e: e.published, reverse=True)[:50]


class PublicationFeed(Feed):  # type: ignore[type-arg]
    """Atom (or RSS) of what a Mesa — or every Mesa of the network — published, newest first."""

    feed_type: Any = Atom1Feed

    def get_object(self, request: HttpRequest, **kwargs: Any) -> tuple[str, list[Mesa], str]:
        if "mesa_slug" in kwargs:
            mesa = get_object_or_404(Mesa.objects.exclude(status=Mesa.Status.FORMING), slug=kwargs["mesa_slug"])
            return mesa.name, [mesa], reverse("public:mesa", kwargs={"mesa_slug": mesa.slug})
        network = get_object_or_404(Network, slug=kwargs["network_slug"])
        mesas = list(selectors.public_mesas(network))
        return network.name, mesas, reverse("public:network", kwargs={"network_slug": network.slug})

    def title(self, obj: tuple[str, list[Mesa], str]) -> str:
        return _("%(name)s: publications") % {"name": obj[0]}

    def link(self, obj: tuple[str, list[Mesa], str]) -> str:
        return obj[2]

    def description(self, obj: tuple[str, list[Mesa], str]) -> str:
        return _("Press releases and crime figures published by %(name)s.") % {"name": obj[0]}

    def items(self, obj: tuple[str, list[Mesa], str]) -> list[_Entry]:
        return _entries(obj[1])

    def item_title(self, item: _Entry) -> str:
        return item.title

    def item_description(self, item: _Entry) -> str:
        return item.description

    def item_link(self, item: _Entry) -> str:
        return item.link

    def item_pubdate(self, item: _Entry) -> Any:
        return item.published

    def item_guid(self, item: _Entry) -> str:
        return item.guid

    item_guid_is_permalink = False


class RssPublicationFeed(PublicationFeed):
    feed_type = Rss201rev2Feed


def _feed(feed: Feed, kind: str) -> Callable[..., HttpResponse]:  # type: ignore[type-arg]
    @require_GET
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if "mesa_slug" in kwargs:
            pk, version = _mesa_version(kwargs["mesa_slug"])
            key: tuple[object, ...] = (kind, "mesa", pk, version)
        else:
            pk, version = _network_version(kwargs["network_slug"])
            key = (kind, "network", pk, version)
        return serve(request, key, lambda: feed(request, **kwargs))

    return view


atom = _feed(PublicationFeed(), "atom")
rss = _feed(RssPublicationFeed(), "rss")
