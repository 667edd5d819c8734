"""Votes with integrity: the frozen electorate, nominal ballots, a hash-chained ledger, results.

Ballots, electors, ledger rows, results and reviews are written once. The application
never updates or deletes them, and the database refuses to (triggers installed by the
migrations, see `guards`); a closed vote cannot change either. `verify` recomputes every
vote from the raw rows, independently of the counting code, to show that nothing did.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel
from msj.votes import rules


class WrittenOnce(Exception):
    """Raised on any attempt to change or delete a row that is written once."""


class WrittenOnceQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise WrittenOnce("These rows cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise WrittenOnce("These rows cannot be deleted.")


class WrittenOnceModel(models.Model):
    """A row the application inserts and never touches again (the database enforces it too)."""

    objects = WrittenOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise WrittenOnce(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise WrittenOnce(f"{type(self).__name__} rows cannot be deleted.")


class Vote(PublicIdModel):
    class Kind(models.TextChoices):
        ADMISSION = rules.ADMISSION, _("Admission")
        ELECTION = rules.ELECTION, _("Election")
        DECISION = rules.DECISION, _("Executive Committee decision")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        DEADLINE = "deadline", _("The deadline passed")
        EVERYONE_VOTED = "everyone", _("Every elector voted")

    mesa = models.ForeignKey("mesas.Mesa", on_delete=models.PROTECT, related_name="votes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    question = models.CharField(_("question"), max_length=300)
    rule = models.JSONField(_("rule"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("closed because"), max_length=10, choices=CloseReason, blank=True)
    electorate_size = models.PositiveIntegerField(_("electors"))
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), default=0)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True, close_reason="")
                | (Q(status="closed", closed_at__isnull=False) & ~Q(close_reason="")),
                name="vote_closed_iff_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(ballots_cast__lte=models.F("electorate_size")), name="vote_ballots_within_electorate"
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_at"], name="vote_due")]

    def __str__(self) -> str:
        return self.question

    def is_open(self, now: Any) -> bool:
        return rules.vote_is_open(
            status=self.status,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            cast=self.ballots_cast,
            electorate=self.electorate_size,
            now=now,
        )

    def reads_closed(self, now: Any) -> bool:
        """Closed for every purpose, whether or not the close has been recorded yet."""
        return not self.is_open(now)


class Option(models.Model):
    """One answer on the ballot: for / against, or a candidate, or blank."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="options")
    key = models.CharField(_("key"), max_length=12)
    label = models.CharField(_("option"), max_length=200)
    candidate = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = WrittenOnceQuerySet.as_manager()

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["vote", "key"], name="vote_option_key_once")]

    def __str__(self) -> str:
        return self.label


class Elector(WrittenOnceModel):
    """One member of the electorate, frozen when the vote opens (with the name and address then)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="electors")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electorate")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["vote", "membership"], name="elector_once_per_vote")]

    def __str__(self) -> str:
        return self.name


class BallotLink(models.Model):
    """The personal link e-mailed to an elector: only the SHA-256 of its 256-bit token is kept."""

    elector = models.OneToOneField(Elector, on_delete=models.PROTECT, related_name="link")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))

    def __str__(self) -> str:
        return f"link for {self.elector}"


class Ballot(WrittenOnceModel):
    """The one ballot of an elector. Nominal by design: the bylaws' “Yo, ___ voto ___”."""

    class Channel(models.TextChoices):
        APP = "app", _("In the application")
        LINK = "link", _("Personal link")
        EMAIL = "email", _("E-mail to the secretary")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    elector = models.OneToOneField(Elector, on_delete=models.PROTECT, related_name="ballot")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(_("channel"), max_length=6, choices=Channel)
    cast_at = models.DateTimeField(_("cast"))
    receipt = models.CharField(_("receipt"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=300, blank=True)  # the Message-ID of an imported e-mail

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["cast_at", "id"]

    def __str__(self) -> str:
        return f"{self.elector}: {self.option}"


class LedgerEntry(WrittenOnceModel):
    """One event of a vote, chained to the previous one by its hash (see `ledger`)."""

    class Event(models.TextChoices):
        OPEN = "open", _("Opened")
        BALLOT = "ballot", _("Ballot")
        CLOSE = "close", _("Closed")
        RESULT = "result", _("Result")
        REVIEW = "review", _("Review")

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ledger")
    seq = models.PositiveIntegerField(_("number"))
    event = models.CharField(_("event"), max_length=8, choices=Event)
    at = models.DateTimeField(_("when"))
    payload = models.JSONField(_("content"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["vote", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "seq"], name="ledger_seq_once"),
            models.UniqueConstraint(fields=["vote"], condition=Q(event="open"), name="ledger_opened_once"),
            models.UniqueConstraint(fields=["vote"], condition=Q(event="close"), name="ledger_closed_once"),
            models.UniqueConstraint(fields=["vote"], condition=Q(event="result"), name="ledger_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.event}"


class Result(WrittenOnceModel):
    """The count of a closed vote, computed once and published to the electorate."""

    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="result")
    valid = models.BooleanField(_("valid"))
    outcome = models.CharField(_("outcome"), max_length=12)
    winner = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    counts = models.JSONField(_("ballots per option"))
    electorate_size = models.PositiveIntegerField(_("electors"))
    ballots_cast = models.PositiveIntegerField(_("ballots cast"))
    computed_at = models.DateTimeField(_("counted"))
    ledger_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.vote}: {self.outcome}"


class Review(WrittenOnceModel):
    """A citizen member's request to review the count, with its own recount. Never an edit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="reviews")
    requested_by = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    requested_at = models.DateTimeField(_("requested"))
    counts = models.JSONField(_("ballots per option, recounted"))
    outcome = models.CharField(_("outcome of the recount"), max_length=12)
    matches = models.BooleanField(_("the recount matches the result"))
    chain_intact = models.BooleanField(_("the ledger is intact"))
    problems = models.JSONField(_("problems found"), default=list)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"review of {self.vote}"
