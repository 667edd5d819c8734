"""Database triggers that refuse to change or delete what a vote writes once.

The application never updates or deletes ballots, electors, options, ledger rows, results
or reviews, and never deletes a vote or changes a closed one; these triggers make the
database refuse as well, so a bug or a careless script cannot either. Someone with the
rights to drop a trigger can still tamper: `verify` is what detects that.
"""

from __future__ import annotations

from typing import Any

WRITTEN_ONCE_TABLES = (
    "votes_option",
    "votes_elector",
    "votes_ballot",
    "votes_ledgerentry",
    "votes_result",
    "votes_review",
)
MESSAGE = "msj: votes are written once"


def _sqlite_statements() -> list[str]:
    statements = []
    for table in WRITTEN_ONCE_TABLES:
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    statements.append(
        "CREATE TRIGGER IF NOT EXISTS votes_vote_no_delete BEFORE DELETE ON votes_vote "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )
    statements.append(
        "CREATE TRIGGER IF NOT EXISTS votes_vote_closed_is_final BEFORE UPDATE ON votes_vote "
        f"WHEN OLD.status = 'closed' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )
    return statements


def _postgresql_statements() -> list[str]:
    statements = [
        f"""CREATE OR REPLACE FUNCTION msj_votes_written_once() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}: % on %', TG_OP, TG_TABLE_NAME; END;
        $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION msj_votes_vote_final() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'DELETE' OR OLD.status = 'closed' THEN
            RAISE EXCEPTION '{MESSAGE}: % on a vote', TG_OP;
          END IF;
          RETURN NEW;
        END;
        $$ LANGUAGE plpgsql""",
    ]
    for table in WRITTEN_ONCE_TABLES:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_written_once ON {table}")
        statements.append(
            f"CREATE TRIGGER {table}_written_once BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION msj_votes_written_once()"
        )
    statements.append("DROP TRIGGER IF EXISTS votes_vote_final ON votes_vote")
    statements.append(
        "CREATE TRIGGER votes_vote_final BEFORE UPDATE OR DELETE ON votes_vote "
        "FOR EACH ROW EXECUTE FUNCTION msj_votes_vote_final()"
    )
    return statements


def install(connection: Any) -> None:
    """Create the triggers (idempotent)."""
    statements = _postgresql_statements() if connection.vendor == "postgresql" else _sqlite_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove(connection: Any) -> None:
    """Drop the triggers: for the migration's reverse and for tests that empty every table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in WRITTEN_ONCE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_written_once ON {table}")
            cursor.execute("DROP TRIGGER IF EXISTS votes_vote_final ON votes_vote")
        else:
            for table in WRITTEN_ONCE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS votes_vote_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS votes_vote_closed_is_final")
