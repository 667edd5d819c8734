"""The directory as others read it: the cards, with what each Mesa chose to show and nothing else.

`public_cards()` feeds the public pages (msj/public), `network_cards(network)` the directory
pages of the Mesas and of the network staff; `describe(cards)` adds, in two queries for any
number of cards, the committees' names and the coordinator's contact as each Mesa allows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from msj.committees.models import Committee
from msj.exchange.models import DirectoryCard
from msj.members.models import Office
from msj.mesas.models import Network


def public_cards() -> models.QuerySet[DirectoryCard]:
    """Cards the Mesas chose to list on the public pages."""
    return DirectoryCard.objects.public().order_by("mesa__name")


def network_cards(network: Network) -> models.QuerySet[DirectoryCard]:
    """Every card of the network's Mesas, as their members and the network staff read them."""
    return DirectoryCard.objects.of_network(network).order_by("mesa__name")


@dataclass
class CardView:
    card: DirectoryCard
    since: dt.date | None
    committees: list[str] = field(default_factory=list)
    coordinator_name: str = ""
    coordinator_email: str = ""
    coordinator_phone: str = ""


def describe(cards: models.QuerySet[DirectoryCard]) -> list[CardView]:
    """The cards ready to show: only names of working committees, the contact the Mesa allows."""
    cards_list = list(cards.select_related("mesa"))
    mesa_ids = [c.mesa_id for c in cards_list]
    names: dict[int, list[str]] = defaultdict(list)
    for mesa_id, name in (
        Committee.objects.filter(mesa_id__in=mesa_ids, dissolved_on__isnull=True)
        .order_by("name")
        .values_list("mesa_id", "name")
    ):
        names[mesa_id].append(name)
    wanted = [c.mesa_id for c in cards_list if c.contact != DirectoryCard.Contact.NONE]
    coordinators = {
        office.mesa_id: office.membership.user
        for office in Office.objects.current(timezone.localdate())
        .filter(mesa_id__in=wanted, kind=Office.Kind.COORDINATOR)
        .select_related("membership__user")
    }
    result = []
    for card in cards_list:
        view = CardView(card=card, since=card.mesa.installed_on, committees=names[card.mesa_id])
        user = coordinators.get(card.mesa_id)
        if user is not None:
            view.coordinator_name = user.full_name
            if card.contact in {DirectoryCard.Contact.EMAIL, DirectoryCard.Contact.PHONE}:
                view.coordinator_email = user.email
            if card.contact == DirectoryCard.Contact.PHONE:
                view.coordinator_phone = card.contact_phone
        result.append(view)
    return result
