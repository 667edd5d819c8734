"""How allauth behaves in msj."""

from __future__ import annotations

import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags

from msj.notifications.services import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up alone: people enter a Mesa by admission, seat or office."""
        return False

    def set_password(self, user: Any, password: str) -> None:
        """Change the password (allauth's change and reset flows) and date it.

        Everything issued before a password change stops working — API tokens included — so a
        person who suspects a leak changes the password and is safe again.
        """
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failed sign-ins per account, whatever host name the request used.

        allauth prefixes the e-mail address with the current site's domain, which without
        django.contrib.sites is the request's Host header, port included: an attacker could
        then get a fresh per-account budget by sending ``Host: msj.example.org:1``, ``:2``, …
        (tested in msj/accounts/tests/test_bruteforce.py).
        """
        login = credentials.get("email") or credentials.get("username") or ""
        return f"login:{login.strip().lower()}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message as allauth does, then queue it in the outbox instead of sending.

        The key includes a hash of the rendered message: a new code or reset link is a new
        message, while the same message rendered twice is queued once.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        text, html = str(message.body), ""
        if isinstance(message, EmailMultiAlternatives):
            html = next((str(body) for body, mimetype in message.alternatives if mimetype == "text/html"), "")
        elif message.content_subtype == "html":  # allauth found only an HTML template
            text, html = strip_tags(text), text
        content = "\0".join([email.lower(), message.subject, text, html])
        digest = hashlib.sha256(content.encode()).hexdigest()
        queue_email(
            key=f"allauth:{template_prefix}:{digest}",
            to=message.to,
            subject=message.subject,
            body_text=text,
            body_html=html or None,
        )
