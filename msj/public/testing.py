"""Published things of Mesa A for the public pages' tests and the persona matrix. Idempotent."""

from __future__ import annotations

from msj.committees.testing import actor
from msj.members.testing import Personas
from msj.press import services
from msj.press.models import Protocol, Release

PUBLISHED_TITLE = "Bajan los homicidios en el trimestre"


def published_release(p: Personas) -> Release:
    """A release of Mesa A drafted by Sara, approved by Eva and published by Ana."""
    found = Release.objects.filter(mesa=p.mesa_a, title=PUBLISHED_TITLE).first()
    if found is not None:
        return found
    release = services.create_release(
        mesa=p.mesa_a,
        by=actor(p, "sara"),
        title=PUBLISHED_TITLE,
        summary="La tasa de homicidio doloso de los últimos doce meses bajó por tercer mes.",
        body="La Mesa presentó sus cifras.\n\nLa meta sigue vigente.",
        impact_objective="Que la ciudadanía conozca el avance hacia la meta.",
        protocol=Protocol.CITIZENS,
    )
    services.approve_release(release=release, by=actor(p, "eva"))
    return services.publish_release(release=release, by=actor(p, "ana"))
