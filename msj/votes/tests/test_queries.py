"""The vote pages cost a fixed number of queries, whatever the electorate and the number of votes."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from msj.members.testing import Personas
from msj.minutes.testing import signed_in
from msj.votes import services
from msj.votes.models import Elector, Vote
from msj.votes.testing import add_citizens, open_admission

pytestmark = pytest.mark.django_db

# What the pages ran when the bounds were set (detail 17 for the secretary, list 8), and a little room.
BOUNDS = {"detail": 19, "list": 10}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def closed_vote(personas: Personas, extra: int, prefix: str) -> Vote:
    add_citizens(personas.mesa_a, extra, prefix=prefix)
    vote = open_admission(personas.mesa_a)
    for elector in Elector.objects.filter(vote=vote):
        services.cast_ballot(vote=vote, elector=elector, option_key="for", channel="app")
    return Vote.objects.get(pk=vote.pk)


def test_the_vote_page_does_not_grow_with_the_electorate(personas: Personas) -> None:
    sara = signed_in(personas.sara)  # sees every elector's ballot
    small = closed_vote(personas, 2, "small")
    large = closed_vote(personas, 15, "large")
    assert large.electorate_size > 3 * small.electorate_size - 3
    urls = [f"/m/mesa-a/votes/{v.public_id}/" for v in (small, large)]
    counts = [count(sara, u) for u in urls]
    assert counts[0] == counts[1] <= BOUNDS["detail"], counts


def test_the_list_does_not_grow_with_the_votes(personas: Personas) -> None:
    beto = signed_in(personas.beto)
    vote = open_admission(personas.mesa_a)
    with time_machine.travel(vote.closes_at):
        services.close_vote(vote)
    one = count(beto, "/m/mesa-a/votes/")
    for _ in range(3):
        extra = open_admission(personas.mesa_a)
        with time_machine.travel(extra.closes_at):
            services.close_vote(extra)
    assert count(beto, "/m/mesa-a/votes/") == one <= BOUNDS["list"]
