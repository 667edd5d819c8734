"""allauth's mail (login codes, password resets) goes through the outbox and the mail job."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from msj.accounts.adapter import AccountAdapter
from msj.notifications.models import OutboundEmail


def test_login_code_is_queued_then_delivered_and_works(client, personas, run_jobs, django_capture_on_commit_callbacks):
    # The personas' addresses are verified, so the code alone signs Beto in.
    assert EmailAddress.objects.get(user=personas.beto).verified
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "beto@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")

    # Queued, not sent.
    [email] = OutboundEmail.objects.all()
    assert email.to == ["beto@example.org"]
    assert email.idempotency_key.startswith("allauth:account/email/login_code:")
    assert email.subject.startswith("[msj] ")
    assert email.status == OutboundEmail.Status.QUEUED
    assert DBTaskResult.objects.filter(queue_name="mail", status="READY").count() == 1
    assert mail.outbox == []

    run_jobs()
    [message] = mail.outbox
    assert message.to == ["beto@example.org"]
    assert message.subject == email.subject
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT

    # The code in the delivered mail signs Beto in.
    code = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]{4,})*)\s*$", message.body, re.MULTILINE)
    assert code is not None, message.body
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.beto.pk)


def test_a_new_code_is_a_new_message(personas):
    for _ in range(2):
        Client().post(reverse("account_request_login_code"), {"email": "beto@example.org"})
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_the_same_rendered_message_twice_is_queued_once(django_capture_on_commit_callbacks):
    adapter = AccountAdapter()
    request = RequestFactory().get("/")
    with context.request_context(request), django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(2):
            adapter.send_mail("account/email/login_code", "beto@example.org", {"code": "ABC123"})
        adapter.send_mail("account/email/login_code", "beto@example.org", {"code": "XYZ789"})
    assert OutboundEmail.objects.count() == 2
    assert len(callbacks) == 2
    assert mail.outbox == []
