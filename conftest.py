"""Fixtures shared by every test: the personas (see msj/members/testing.py)."""

from __future__ import annotations

import pytest

from msj.members.testing import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture(autouse=True)
def _public_pages_forget_between_tests() -> None:
    """The public pages' cache lives in the process; rolled-back rows may come back with the same ids."""
    from msj.public.cache import pages

    pages.clear()


_vote_guards_removed = False


@pytest.fixture(autouse=True)
def _vote_guards_let_flush_empty_tables(request: pytest.FixtureRequest) -> object:
    """Let a transactional test's final flush empty the tables of votes, on SQLite.

    The database refuses to delete ballots and ledger rows (msj/votes/guards.py). PostgreSQL
    empties tables with TRUNCATE, which row triggers ignore; SQLite's flush deletes row by
    row, so the triggers are dropped just before it and put back before the next test.
    Requesting the database fixture from here orders this teardown before the flush.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    global _vote_guards_removed
    from django.db import connections

    from msj.votes import guards

    if transactional:
        request.getfixturevalue("transactional_db")
    elif not (_vote_guards_removed and "db" in request.fixturenames):
        yield
        return
    # Put back what the last transactional test removed (inside a test transaction, the
    # rollback removes them again and the next test puts them back once more).
    for connection in connections.all():
        if connection.vendor == "sqlite":
            guards.install(connection)
    yield
    if transactional:
        for connection in connections.all():
            if connection.vendor == "sqlite":
                guards.remove(connection)
                _vote_guards_removed = True


@pytest.fixture(autouse=True, scope="session")
def _national_store_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The national store's files go to a directory of this test session (each worker its own).

    Files are named by their import's public id, so a rolled-back test leaves only a file no
    import records, which is never read.
    """
    from django.conf import settings

    settings.INDICATORS_STORE_DIR = tmp_path_factory.mktemp("national-store")
