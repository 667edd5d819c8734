"""A Mesa adopts versions of its documents, one in force per kind, and its members sign the one in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from msj.admissions.models import Bylaws
from msj.charter import selectors
from msj.charter.models import AdoptedDocument, Kind, ModelDocument, Signature
from msj.charter.seed import seed_model_documents
from msj.charter.testing import CharterFixture
from msj.members.testing import Personas


def url(p: Personas, name: str, **kwargs: Any) -> str:
    return reverse(f"charter:{name}", kwargs={"mesa_slug": p.mesa_a.slug, **kwargs})


def adoption(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Reglamento de la Mesa",
        "body": "Capítulo I. Definición\n\nLa Mesa es ciudadana.",
        "adopted_on": "2024-03-01",
        "approved_by": "Plenaria del 1 de marzo",
        **extra,
    }


def test_each_adoption_is_a_new_version_and_only_the_latest_is_in_force(
    client: Any, personas: Personas, charter: CharterFixture
) -> None:
    p = personas
    client.force_login(p.ana)
    response = client.post(url(p, "adopt", kind="bylaws"), adoption(based_on=str(charter.bylaws_model.public_id)))
    assert response.status_code == 302
    first = AdoptedDocument.objects.get(mesa=p.mesa_a, kind=Kind.BYLAWS)
    assert (first.version, first.in_force, first.based_on) == (1, True, charter.bylaws_model)
    # The welcome letter of admissions attaches the same text.
    assert Bylaws.objects.get(mesa=p.mesa_a).text == first.body == first.admissions_bylaws.text  # type: ignore[union-attr]

    # The secretary adapts it; a date older than the version in force is refused whole.
    client.force_login(p.sara)
    adapted = adoption(body="Capítulo I. Definición\n\nLa Mesa es ciudadana y plural.", approved_by="Plenaria de abril")
    response = client.post(url(p, "adopt", kind="bylaws"), {**adapted, "adopted_on": "2024-02-01"})
    assert response.status_code == 200
    assert "a new version cannot be older" in response.content.decode()
    assert AdoptedDocument.objects.filter(mesa=p.mesa_a, kind=Kind.BYLAWS).count() == 1
    client.post(url(p, "adopt", kind="bylaws"), {**adapted, "adopted_on": "2024-04-01"})

    versions = list(AdoptedDocument.objects.filter(mesa=p.mesa_a, kind=Kind.BYLAWS).order_by("version"))
    assert [(v.version, v.in_force, v.based_on_id) for v in versions] == [
        (1, False, charter.bylaws_model.pk),
        (2, True, None),
    ]
    assert selectors.in_force(p.mesa_a, Kind.BYLAWS) == versions[1]
    assert list(Bylaws.objects.filter(mesa=p.mesa_a).order_by("version").values_list("version", flat=True)) == [1, 2]

    # Every member reads the history, with what changed; the text is escaped.
    client.force_login(p.olga)
    page = client.get(url(p, "version", public_id=versions[1].public_id)).content.decode()
    assert "La Mesa es ciudadana.</del>" in page
    assert "La Mesa es ciudadana y plural.</ins>" in page

    # The database holds the rule too: never two versions in force.
    with pytest.raises(IntegrityError), transaction.atomic():
        AdoptedDocument.objects.filter(pk=versions[0].pk).update(in_force=True)


def test_members_sign_the_version_in_force_and_sign_again_after_a_new_one(
    client: Any, personas: Personas, charter: CharterFixture
) -> None:
    p = personas
    ethics = charter.ethics
    client.force_login(p.beto)
    assert "You must sign this version" in client.get(url(p, "document", kind="code_of_ethics")).content.decode()
    client.post(url(p, "sign", kind="code_of_ethics"), {"document": str(ethics.public_id)})
    client.post(url(p, "sign", kind="code_of_ethics"), {"document": str(ethics.public_id)})  # twice: one signature
    assert Signature.objects.filter(document=ethics).count() == 1
    assert "You must sign" not in client.get(url(p, "document", kind="code_of_ethics")).content.decode()

    client.force_login(p.sara)
    page = client.get(url(p, "signatures", kind="code_of_ethics")).content.decode()
    assert "3 members have not signed it yet" in page  # Ana, Eva and Olga; Sara is staff and does not sign

    client.force_login(p.ana)
    client.post(
        url(p, "adopt", kind="code_of_ethics"),
        adoption(title="Código de ética", body=ethics.body + "\n\nXIII. Nueva regla.", adopted_on="2024-05-01"),
    )
    client.force_login(p.beto)
    assert "You must sign this version" in client.get(url(p, "document", kind="code_of_ethics")).content.decode()
    # The old version, no longer in force, cannot be signed.
    response = client.post(url(p, "sign", kind="code_of_ethics"), {"document": str(ethics.public_id)}, follow=True)
    assert "A newer version is in force" in response.content.decode()
    new = selectors.in_force(p.mesa_a, Kind.CODE_OF_ETHICS)
    assert new is not None and new.version == 2
    assert not Signature.objects.filter(document=new).exists()
    client.post(url(p, "sign", kind="code_of_ethics"), {"document": str(new.public_id)})
    assert Signature.objects.filter(document=new, membership__user=p.beto).exists()


def test_only_the_coordinator_and_secretary_adopt_and_the_network_never_reads_the_mesa(
    client: Any, personas: Personas, charter: CharterFixture
) -> None:
    p = personas
    for who in (p.olga, p.eva):
        client.force_login(who)
        assert client.post(url(p, "adopt", kind="bylaws"), adoption()).status_code == 403
    client.force_login(p.sara)
    assert (
        client.post(url(p, "sign", kind="code_of_ethics"), {"document": str(charter.ethics.public_id)}).status_code
        == 403
    )
    client.force_login(p.nora)
    for page in (
        url(p, "index"),
        url(p, "document", kind="code_of_ethics"),
        url(p, "version", public_id=charter.ethics.public_id),
    ):
        assert client.get(page).status_code == 404
    assert not AdoptedDocument.objects.filter(kind=Kind.BYLAWS).exists()
    assert not Signature.objects.exists()

    # On its own side, the network sees which version Mesa A has in force, never the text.
    page = client.get(reverse("charter_network:adoption", kwargs={"network_slug": p.network.slug})).content.decode()
    assert "v1" in page and "No nos guardaremos" not in page and "Nos guardaremos" not in page


def test_the_network_publishes_model_versions_and_the_seed_is_idempotent(
    client: Any, personas: Personas, charter: CharterFixture
) -> None:
    p = personas
    assert seed_model_documents(p.network, on=dt.date(2025, 1, 1)) == 0
    assert charter.ethics_model.body.count("\n\n") == 11  # the twelve principles of Cuadro 6
    client.force_login(p.nora)
    create = reverse("charter_network:template_create", kwargs={"network_slug": p.network.slug})
    assert "Capítulo VIII" in client.get(create, {"kind": "bylaws"}).content.decode()
    response = client.post(create, {"kind": "bylaws", "title": "Reglamento", "body": "Texto nuevo.", "note": ""})
    assert response.status_code == 302
    assert list(ModelDocument.objects.filter(kind=Kind.BYLAWS).values_list("version", flat=True)) == [2, 1]
    # Mesa A's members see the new model and adopt from it.
    client.force_login(p.ana)
    model = ModelDocument.objects.get(kind=Kind.BYLAWS, version=2)
    page = client.get(url(p, "adopt", kind="bylaws"), {"model": str(model.public_id)}).content.decode()
    assert "Texto nuevo." in page


def test_the_demo_adopts_and_signs_once(personas: Personas) -> None:
    from msj.demo.charter import load_charter

    p = personas
    today = p.mesa_a.today()
    assert load_charter(p.network, [p.mesa_a, p.mesa_b], today) > 0
    assert load_charter(p.network, [p.mesa_a, p.mesa_b], today) == 0
    assert ModelDocument.objects.filter(network=p.network, version=1).count() == len(Kind)
    bylaws = selectors.in_force(p.mesa_a, Kind.BYLAWS)
    assert bylaws is not None and bylaws.version == 2 and bylaws.signatures.count() == 2
