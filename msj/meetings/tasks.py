"""Background work of meetings: reminders of overdue agreements before each meeting of a body."""

from __future__ import annotations

from django_tasks import task

from msj.meetings.services import send_meeting_reminders


@task()
def send_meeting_reminders_task() -> int:
    """Remind owners of overdue agreements before their bodies' next meetings (idempotent)."""
    return send_meeting_reminders()
