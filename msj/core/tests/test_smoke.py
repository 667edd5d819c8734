import pytest


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_requires_login(client, personas):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_coordinator_reaches_dashboard(client, personas):
    client.force_login(personas.ana)
    response = client.get("/m/mesa-a/")
    assert response.status_code == 200
    assert "Mesa A" in response.content.decode()
