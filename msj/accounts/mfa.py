"""Who must protect their account with a second factor, and how allauth's MFA keeps its secrets."""

from __future__ import annotations

import base64
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
_ENCRYPTED_PREFIX = "fernet:"


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
    """Whether the person has an authenticator app or a passkey (recovery codes alone do not count)."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def _fernet() -> MultiFernet:
    """Return the cipher for MFA secrets, keyed from SECRET_KEY (then its fallbacks)."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac("msj.accounts.mfa", "fernet", secret=key, algorithm="sha256").digest()
                )
            )
            for key in keys
        ]
    )


class MFAAdapter(DefaultMFAAdapter):
    """How allauth's MFA behaves in msj."""

    def encrypt(self, text: str) -> str:
        """Encrypt TOTP and recovery-code seeds, so a copy of the database alone cannot forge codes.

        The key is derived from SECRET_KEY, which never enters the database. When SECRET_KEY
        is rotated, keep the old one in SECRET_KEY_FALLBACKS until every person with an
        authenticator app has set it up again, or their codes stop working.
        """
        return _ENCRYPTED_PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        """Decrypt what `encrypt` stored; anything else is refused rather than trusted."""
        if not encrypted_text.startswith(_ENCRYPTED_PREFIX):
            raise ValueError("An MFA secret is stored unencrypted; the authenticator must be set up again.")
        token = encrypted_text.removeprefix(_ENCRYPTED_PREFIX).encode()
        try:
            return _fernet().decrypt(token).decode()
        except InvalidToken as exc:
            raise ValueError("An MFA secret cannot be decrypted with SECRET_KEY or its fallbacks.") from exc

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must use MFA keeps at least one app or passkey; recovery codes do not count."""
        if authenticator.type not in SECOND_FACTORS or not mfa_required(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
