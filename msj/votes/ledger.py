"""The hash chain of a vote's events: each entry's hash covers its content and the previous hash.

Changing, removing or reordering any entry changes every hash after it, so the head of the
chain (stored with the result) commits to the whole history. `entry_hash` is the one
definition of the hash; the verifier uses it on the raw rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from msj.votes.models import LedgerEntry, Vote


def canonical(payload: dict[str, Any]) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def genesis(vote_public_id: Any) -> str:
    """The hash the first entry of a vote links to, bound to the vote's identity."""
    return hashlib.sha256(f"msj-vote:{vote_public_id}".encode()).hexdigest()


def entry_hash(*, prev_hash: str, seq: int, event: str, at: str, payload: dict[str, Any]) -> str:
    body = canonical({"at": at, "event": event, "payload": payload, "prev": prev_hash, "seq": seq})
    return hashlib.sha256(body.encode()).hexdigest()


def stamp(moment: dt.datetime) -> str:
    """A timestamp as hashed: UTC, microseconds, ISO 8601 (what the database returns, whatever it is)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def append(vote: Vote, event: str, payload: dict[str, Any], at: dt.datetime) -> LedgerEntry:
    """Append one event to the vote's chain. The caller holds the vote's row lock."""
    last = LedgerEntry.objects.filter(vote=vote).order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] + 1 if last else 1
    prev = last["hash"] if last else genesis(vote.public_id)
    at_text = stamp(at)
    entry = LedgerEntry(
        vote=vote,
        seq=seq,
        event=event,
        at=at,
        payload=payload,
        prev_hash=prev,
        hash=entry_hash(prev_hash=prev, seq=seq, event=event, at=at_text, payload=payload),
    )
    entry.save()
    return entry


def receipt_for(*, vote_public_id: Any, elector_public_id: Any, option_key: str, secret: str) -> str:
    """A voter's receipt: the hash of their ballot and a secret only they were given."""
    body = f"msj-receipt:{vote_public_id}:{elector_public_id}:{option_key}:{secret}"
    return hashlib.sha256(body.encode()).hexdigest()
