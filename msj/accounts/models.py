"""People who sign in. Roles in a Mesa live in `members`, never on the account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msj.core.models import PublicIdModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, *, email_verified: bool = False, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        from allauth.account.models import EmailAddress

        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        # allauth signs people in only through a known address. An account made for someone
        # (a seat handover, an admission) starts unverified: the first e-mailed code or link
        # the person receives proves the address is theirs.
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(PublicIdModel, AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("es-mx", _("Spanish (Mexico)")), ("en", _("English"))],
        default="es-mx",
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A disabled account loses access at once, on every device."),
    )
    is_staff = models.BooleanField(_("platform administrator"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set on every password change or reset: credentials issued before it (API tokens) stop working.
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="user_email_lowercase",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
