"""The demo commands on a database without the demo."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from msj.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_again_months_later_adds_no_rows():
    # The offices' terms follow the calendar; a later load must still recognise them.
    load_demo(today=dt.date(2026, 3, 1), year=False)
    first = row_counts()
    assert not load_demo(today=dt.date(2026, 11, 20), year=False)
    assert row_counts() == first


def test_demo_logins_before_loading_says_what_to_do():
    out, err = StringIO(), StringIO()
    call_command("demo_logins", stdout=out, stderr=err)
    assert "load_demo" in err.getvalue()
