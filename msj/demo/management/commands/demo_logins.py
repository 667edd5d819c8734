"""`manage.py demo_logins`: print where the demo runs and who to sign in as."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from msj.accounts.models import User
from msj.demo import data
from msj.demo.loader import cast


def demo_logins() -> list[tuple[str, str, bool]]:
    """The demo's sign-ins worth trying, the plain member first: (role, e-mail, asks for MFA)."""
    people = cast()
    juarez, chihuahua = people.juarez_citizens, people.chihuahua_citizens
    return [
        ("Citizen member, Juárez (start here)", juarez[0].email, False),
        (
            "Official member, Juárez (public-security director)",
            people.juarez_officials["municipal-security-director"].email,
            False,
        ),
        ("Coordinator, Juárez", juarez[1].email, True),
        ("Alternate coordinator, Juárez", juarez[2].email, False),
        ("Technical secretary, Juárez", people.juarez_secretary.email, True),
        ("Citizen member, Chihuahua", chihuahua[0].email, False),
        ("National network staff", people.network_staff.email, True),
    ]


class Command(BaseCommand):
    help = "Print the demo's address and its sign-ins (role, e-mail, password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the demo is served.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_logins()
        if User.objects.filter(email__in=[email for _, email, _ in rows]).count() != len(rows):
            # Not an error: `make run` goes on to start the server either way.
            self.stderr.write("The demo data is not loaded: run `manage.py load_demo` first.")
            return
        role_width = max(len(role) + 2 for role, _, _ in rows)
        email_width = max(len(email) for _, email, _ in rows)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"msj demo: {options['url']}"))
        self.stdout.write(f"Every demo account uses the password {data.PASSWORD}\n")
        self.stdout.write(f"{'Role':<{role_width}}  {'E-mail':<{email_width}}  Password")
        for role, email, mfa in rows:
            label = f"{role} *" if mfa else role
            self.stdout.write(f"{label:<{role_width}}  {email:<{email_width}}  {data.PASSWORD}")
        self.stdout.write(
            "* asks to set up two-step verification (an authenticator app or a passkey) at the first sign-in.\n"
        )
