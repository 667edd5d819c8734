"""JSON bodies as the web forms' data, so that every write is checked by the page's own form."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm

from msj.api.problems import Problem, form_errors


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """A JSON body as a form's data: ids as text, lists as lists of text, nothing as empty."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is None or value is False:
            data[name] = ""  # an unchecked box is absent from a posted form
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    return data


def valid(form: BaseForm, *, location: str = "body") -> dict[str, Any]:
    """The form's cleaned data, or a 422 problem listing each field in the page's own words."""
    if not form.is_valid():
        raise Problem(422, errors=form_errors(form.errors, location=location))
    return form.cleaned_data
