"""/dev/mail/ and /dev/outbox/: only with DEBUG on and only for platform staff; 404 otherwise."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection
from django.urls import reverse

from msj.accounts.models import User
from msj.members.testing import PASSWORD
from msj.notifications.models import OutboundEmail
from msj.notifications.services import queue_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> User:
    return User.objects.create_user(
        email="admin@example.org", full_name="Adán Administrador", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def mail_dir(settings, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    settings.EMAIL_FILE_PATH = str(folder)
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(folder))
    EmailMultiAlternatives(
        subject="Código de acceso",
        body="Su código es KLTH-DWKN.\nÑandú.",
        from_email="msj <no-reply@localhost>",
        to=["beto@example.org"],
        connection=connection,
        headers={"Message-ID": "<abc.msj@localhost>"},
    ).send()
    (tmp_path / "secret.log").write_text("Subject: outside the mail folder\n\nconfidential\n")
    return folder


def mail_urls(folder) -> list[str]:
    [name] = [p.name for p in folder.iterdir()]
    return [
        reverse("notifications:dev_mail"),
        reverse("notifications:dev_mail_message", kwargs={"name": name}),
        reverse("notifications:dev_outbox"),
    ]


def test_404_when_debug_is_off_even_for_staff(client, staff, mail_dir, settings):
    settings.DEBUG = False
    client.force_login(staff)
    for url in mail_urls(mail_dir):
        assert client.get(url).status_code == 404, url


def test_404_for_anonymous_and_non_staff_in_debug(client, personas, mail_dir, settings):
    settings.DEBUG = True
    for url in mail_urls(mail_dir):
        assert client.get(url).status_code == 404, url
    for user in (personas.beto, personas.carla):
        client.force_login(user)
        for url in mail_urls(mail_dir):
            assert client.get(url).status_code == 404, url


def test_staff_in_debug_sees_the_list_and_a_message(client, staff, mail_dir, settings):
    settings.DEBUG = True
    client.force_login(staff)
    list_url, detail_url, _ = mail_urls(mail_dir)

    response = client.get(list_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "beto@example.org" in page
    assert "Código de acceso" in page
    assert detail_url in page
    assert "confidential" not in page

    response = client.get(detail_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Su código es KLTH-DWKN." in page
    assert "Ñandú." in page
    assert "&lt;abc.msj@localhost&gt;" in page


def test_list_is_newest_first(client, staff, mail_dir, settings):
    settings.DEBUG = True
    client.force_login(staff)
    newer = mail_dir / "29991231-235959-1.log"
    newer.write_bytes(b"Subject: Newer\nTo: ana@example.org\n\nBody\n" + b"-" * 79 + b"\n")
    page = client.get(reverse("notifications:dev_mail")).content.decode()
    assert page.index("Newer") < page.index("Código de acceso")


@pytest.mark.parametrize(
    "name",
    ["..", "...", "..%2Fsecret.log", "%2E%2E%2Fsecret.log", "secret", ".hidden.log", "missing.log", "a%00.log"],
)
def test_traversal_and_unknown_names_are_404(client, staff, mail_dir, settings, name):
    settings.DEBUG = True
    client.force_login(staff)
    response = client.get(f"/dev/mail/{name}/")
    assert response.status_code == 404
    assert b"confidential" not in response.content


def test_a_symlink_out_of_the_folder_is_404(client, staff, mail_dir, settings):
    settings.DEBUG = True
    client.force_login(staff)
    (mail_dir / "link.log").symlink_to(mail_dir.parent / "secret.log")
    assert client.get(reverse("notifications:dev_mail_message", kwargs={"name": "link.log"})).status_code == 404
    assert "confidential" not in client.get(reverse("notifications:dev_mail")).content.decode()


def test_no_file_backend_shows_an_empty_list(client, staff, settings):
    settings.DEBUG = True
    del settings.EMAIL_FILE_PATH
    client.force_login(staff)
    response = client.get(reverse("notifications:dev_mail"))
    assert response.status_code == 200
    assert client.get("/dev/mail/anything.log/").status_code == 404


def test_post_is_refused(client, staff, mail_dir, settings):
    settings.DEBUG = True
    client.force_login(staff)
    for url in mail_urls(mail_dir):
        assert client.post(url).status_code == 405, url


def test_outbox_lists_rows_in_one_query(client, staff, personas, settings, django_assert_num_queries):
    settings.DEBUG = True
    for n in range(3):
        queue_email(key=f"k{n}", to=["olga@example.org"], subject=f"Aviso {n}", body_text="…", mesa=personas.mesa_a)
    OutboundEmail.objects.filter(idempotency_key="k1").update(last_error="SMTPServerDisconnected: gone", attempts=2)
    client.force_login(staff)
    client.get(reverse("notifications:dev_outbox"))  # warm the session and the user
    # session, user, the MFA middleware's two checks, then the outbox rows with their Mesa
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:dev_outbox"))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Aviso {n}" in page for n in range(3))
    assert "SMTPServerDisconnected: gone" in page
    assert "Mesa A" in page
