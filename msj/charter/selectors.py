"""What other apps read of the charter: a Mesa's document in force, the network's model in force."""

from __future__ import annotations

from msj.charter.models import AdoptedDocument, ModelDocument
from msj.mesas.models import Mesa, Network


def in_force(mesa: Mesa, kind: str) -> AdoptedDocument | None:
    """The Mesa's version in force of a document kind (a `models.Kind` value), or None."""
    return AdoptedDocument.objects.filter(mesa=mesa, kind=kind, in_force=True).first()


def model_in_force(network: Network, kind: str) -> ModelDocument | None:
    """The network's latest model of a document kind, or None."""
    return ModelDocument.objects.filter(network=network, kind=kind).order_by("-version").first()
