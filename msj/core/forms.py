"""What every app's pages share about forms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's refusal to the form: to the field it names, else to the whole form.

    Services refuse bad input with a ValidationError naming the field when there is one; the
    page shows it beside that field, or above the form, with what the person typed kept.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
