"""The public face shows what was published, all of it at once, and nothing else.

A release drafted, approved but not published, or withdrawn; a month after the approved one; a
withdrawn approval: none of them may appear on the Mesa's page, the network's page, the Atom or
RSS feed, the open-data CSV or the network staff's comparison. A publication shows on the very
next request, through the cache.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from msj.audit.models import AuditEvent
from msj.committees.testing import actor
from msj.indicators.services import approve_publication, withdraw_publication
from msj.indicators.testing import indicator_fixture, store_real_series
from msj.members.testing import Personas
from msj.mesas.models import Mesa
from msj.press import services as press
from msj.press.models import Protocol, Release
from msj.public.testing import PUBLISHED_TITLE, published_release

pytestmark = pytest.mark.django_db


def _release(p: Personas, title: str) -> Release:
    return press.create_release(
        mesa=p.mesa_a,
        by=actor(p, "sara"),
        title=title,
        summary=f"Resumen de {title}",
        body="Texto.",
        impact_objective="Informar.",
        protocol=Protocol.CITIZENS,
    )


@pytest.fixture
def published(personas: Personas) -> dict[str, Any]:
    """Mesa A: homicide figures approved up to December 2015; one release of each state."""
    store_real_series()
    homicide = indicator_fixture(personas)
    approve_publication(indicator=homicide, year=2015, month=12, by=actor(personas, "eva"))
    _release(personas, "Borrador secreto")
    approved = _release(personas, "Aprobado sin publicar")
    press.approve_release(release=approved, by=actor(personas, "eva"))
    withdrawn = _release(personas, "Retirado por error")
    press.approve_release(release=withdrawn, by=actor(personas, "eva"))
    press.publish_release(release=withdrawn, by=actor(personas, "ana"))
    press.withdraw_release(release=withdrawn, by=actor(personas, "ana"), reason="Dato equivocado")
    published_release(personas)
    return {"homicide": homicide}


def _everything(client: Any, p: Personas) -> dict[str, str]:
    """Every public door and the network comparison, as text."""
    mesa = {"mesa_slug": p.mesa_a.slug}
    network = {"network_slug": p.network.slug}
    pages = {
        name: client.get(reverse(f"public:{name}", kwargs=mesa)).content.decode()
        for name in ("mesa", "mesa_atom", "mesa_rss", "mesa_data")
    }
    pages |= {
        name: client.get(reverse(f"public:{name}", kwargs=network)).content.decode()
        for name in ("network", "network_atom", "network_rss", "network_data")
    }
    client.force_login(p.nora)
    pages["comparison"] = client.get(reverse("public_network:comparison", kwargs=network)).content.decode()
    pages["comparison_data"] = client.get(reverse("public_network:comparison_data", kwargs=network)).content.decode()
    client.logout()
    return pages


def test_only_what_was_published_appears_anywhere(client: Any, personas: Personas, published: Any) -> None:
    pages = _everything(client, personas)
    for name, text in pages.items():
        assert PUBLISHED_TITLE in text or name.endswith("data") or name == "comparison", name
        for secret in ("Borrador secreto", "Aprobado sin publicar", "Retirado por error"):
            assert secret not in text, (name, secret)
    # The figures stop at the approved month, on every page and in every download.
    for name in ("mesa", "network", "comparison"):
        assert "12/2015" in pages[name] and "01/2016" not in pages[name], name
    for name in ("mesa_data", "network_data", "comparison_data"):
        rows = list(csv.DictReader(io.StringIO(pages[name])))
        assert rows and max((int(r["year"]), int(r["month"])) for r in rows) == (2015, 12), name
        assert {r["mesa"] for r in rows} == {personas.mesa_a.slug}
    # The network staff's download is logged like any export; the public's are open data.
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT, object_type="network comparison", actor=personas.nora
        ).count()
        == 1
    )


def test_a_publication_shows_at_once_and_a_withdrawal_hides_at_once(
    client: Any, personas: Personas, published: Any, django_assert_max_num_queries: Any
) -> None:
    url = reverse("public:mesa", kwargs={"mesa_slug": personas.mesa_a.slug})
    first = client.get(url)
    assert "12/2015" in first.content.decode()
    # Served from the cache: one query (the Mesa's publication version), whatever the page holds.
    with django_assert_max_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    approval = approve_publication(indicator=published["homicide"], year=2016, month=3, by=actor(personas, "eva"))
    page = client.get(url).content.decode()
    assert "03/2016" in page
    withdraw_publication(approval=approval, by=actor(personas, "eva"), reason="Revisión del SESNSP")
    # The earlier approval goes too: it would show the same months, the questioned one included.
    page = client.get(url).content.decode()
    assert "03/2016" not in page and "12/2015" not in page
    approve_publication(indicator=published["homicide"], year=2015, month=12, by=actor(personas, "eva"))
    assert "12/2015" in client.get(url).content.decode()

    fresh = _release(personas, "Nuevo boletín")
    press.approve_release(release=fresh, by=actor(personas, "eva"))
    feed = reverse("public:network_atom", kwargs={"network_slug": personas.network.slug})
    assert "Nuevo boletín" not in client.get(feed).content.decode()
    press.publish_release(release=fresh, by=actor(personas, "ana"))
    assert "Nuevo boletín" in client.get(feed).content.decode()
    press.withdraw_release(release=fresh, by=actor(personas, "ana"), reason="Se retira")
    assert "Nuevo boletín" not in client.get(feed).content.decode()


def test_the_public_pages_are_indexable_and_forming_mesas_have_none(client: Any, personas: Personas) -> None:
    page = client.get(reverse("public:mesa", kwargs={"mesa_slug": personas.mesa_a.slug}))
    text = page.content.decode()
    assert page.status_code == 200 and '<meta name="robots" content="index, follow">' in text
    assert 'type="application/atom+xml"' in text and "No figures have been published yet." in text
    assert page["Cache-Control"] == "public, no-cache"
    Mesa.objects.filter(pk=personas.mesa_b.pk).update(status=Mesa.Status.FORMING, installed_on=None)
    assert client.get(reverse("public:mesa", kwargs={"mesa_slug": personas.mesa_b.slug})).status_code == 404
    assert client.get(reverse("public:mesa", kwargs={"mesa_slug": "no-such-mesa"})).status_code == 404
    feed = client.get(reverse("public:mesa_rss", kwargs={"mesa_slug": personas.mesa_a.slug}))
    assert feed["Content-Type"].startswith("application/rss+xml")
