"""Who must protect their account with a second factor."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone


def mfa_required(user: Any) -> bool:
    """Coordinators, technical secretaries and network staff must use MFA (TOTP or a passkey)."""
    from msj.members.models import NetworkStaff, Office

    today = timezone.localdate()
    open_ = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    if NetworkStaff.objects.filter(open_, user=user).exists():
        return True
    return (
        Office.objects.filter(open_, membership__user=user, kind__in=["coordinator", "secretary"])
        .filter(Q(membership__ended_on__isnull=True) | Q(membership__ended_on__gt=today))
        .exists()
    )


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
