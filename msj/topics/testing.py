"""A security agenda topic for Mesa A, on top of the committees' fixtures (msj/committees/testing.py).

The topic "Secuestro" is on the agenda, worked by the Prevention committee (Beto coordinates
it, Eva is the alternate), with one version of its diagnosis. Idempotent.
"""

from __future__ import annotations

from msj.committees.testing import DECIDED_ON, actor, committee_fixtures
from msj.members.testing import Personas
from msj.topics import services
from msj.topics.models import Topic


def topic_fixture(personas: Personas) -> Topic:
    prevention = committee_fixtures(personas).prevention
    topic = Topic.objects.filter(mesa=personas.mesa_a, title="Secuestro").first()
    if topic is None:
        sara = actor(personas, "sara")
        topic = services.create_topic(
            mesa=personas.mesa_a,
            title="Secuestro",
            status=Topic.Status.ACTIVE,
            approved_on=DECIDED_ON,
            committees=[prevention],
            by=sara,
        )
        services.write_diagnosis(topic=topic, by=sara, incidence="13 secuestros denunciados en 2013.")
    return topic
