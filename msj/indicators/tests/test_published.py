"""Approving figures freezes them for the public and the network; withdrawing hides them at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from msj.audit.models import AuditEvent
from msj.indicators import store
from msj.indicators.figures import indicator_figures
from msj.indicators.models import ImportBatch, PublishedFigure
from msj.indicators.published import STANDARD_ANNUALISATION, published_series
from msj.indicators.testing import indicator_fixture, store_real_series, stored_rows
from msj.members.testing import Personas
from msj.mesas.models import Mesa

pytestmark = pytest.mark.django_db


@pytest.fixture
def homicide(personas: Personas) -> Any:
    store_real_series()
    return indicator_fixture(personas)


def url(name: str, indicator: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"mesa_slug": indicator.mesa.slug, "public_id": indicator.public_id, **kwargs})


def test_approved_months_are_frozen_and_withdrawal_hides_them(client: Any, personas: Personas, homicide: Any) -> None:
    version = Mesa.objects.get(pk=personas.mesa_a.pk).published_version
    client.force_login(personas.eva)
    client.post(url("indicators:approve", homicide), {"month": "2015-12", "note": "Pleno de enero"})
    [series] = published_series(mesa=personas.mesa_a)
    last = series.latest
    assert last is not None and (last.year, last.month) == (2015, 12)  # nothing after the approved month
    assert all((f.year, f.month) <= (2015, 12) for f in series.figures)
    assert last.standard_rate is not None and last.state_rate is not None and last.national_rate is not None
    assert Mesa.objects.get(pk=personas.mesa_a.pk).published_version == version + 1
    # A later revision of the national file does not change what the press already quoted.
    frozen = last.count
    later = ImportBatch.objects.create(
        kind=ImportBatch.Kind.SESNSP_CIEISP, file_name="later.csv", sha256="later", status=ImportBatch.Status.DONE
    )
    revised = [(r.municipality_id, r.category_id, 2015, [*r.months[:11], 9999]) for r in stored_rows(current=True)]
    store.write_rows(later, [row for row in revised if row[2] == 2015 and row[0] == "08037"])
    live = next(row for row in indicator_figures(homicide).rows if row.month == (2015, 12))
    assert live.primary_count != frozen  # the live figures took the revision
    assert PublishedFigure.objects.get(pk=last.pk).count == frozen

    approval = series.approval
    # Withdrawing needs a reason; without one nothing changes.
    response = client.post(url("indicators:withdraw_publication", homicide, approval_id=approval.public_id), {})
    assert response.status_code == 302 and published_series(mesa=personas.mesa_a)
    client.post(
        url("indicators:withdraw_publication", homicide, approval_id=approval.public_id),
        {"reason": "Cifra en revisión"},
    )
    assert published_series(mesa=personas.mesa_a) == []
    approval.refresh_from_db()
    assert approval.withdrawn_by == personas.eva.__class__.objects.get(pk=personas.eva.pk)
    assert approval.withdrawal_reason == "Cifra en revisión"
    assert AuditEvent.objects.filter(object_type__icontains="publication", action=AuditEvent.Action.UPDATE).exists()
    assert Mesa.objects.get(pk=personas.mesa_a.pk).published_version == version + 2
    # The same month may be approved again after a withdrawal.
    client.post(url("indicators:approve", homicide), {"month": "2015-12"})
    assert len(published_series(mesa=personas.mesa_a)) == 1


def test_the_standard_rate_is_the_last_twelve_months(homicide: Any, personas: Personas) -> None:
    from msj.indicators.figures import indicator_figures
    from msj.indicators.services import approve_publication
    from msj.members.access import actor_for

    approve_publication(indicator=homicide, year=2016, month=6, by=actor_for(personas.ana, personas.mesa_a))
    [series] = published_series(mesa=personas.mesa_a)
    rolling = {row.month: row.rate for row in indicator_figures(homicide, annualisation=STANDARD_ANNUALISATION).rows}
    assert all(f.standard_rate == rolling[(f.year, f.month)] for f in series.figures)


def test_withdrawing_takes_every_approval_of_the_indicator_out(homicide: Any, personas: Personas) -> None:
    """An earlier approval froze the same months: it cannot come back when the later one leaves."""
    from msj.indicators.services import approve_publication, withdraw_publication
    from msj.members.access import actor_for

    eva = actor_for(personas.eva, personas.mesa_a)
    earlier = approve_publication(indicator=homicide, year=2015, month=12, by=eva)
    later = approve_publication(indicator=homicide, year=2016, month=3, by=eva)
    assert published_series(mesa=personas.mesa_a)[0].approval == later
    withdrawn = withdraw_publication(approval=later, by=eva, reason="Marzo en revisión")
    assert {a.pk for a in withdrawn} == {earlier.pk, later.pk}
    assert published_series(mesa=personas.mesa_a) == []
    earlier.refresh_from_db()
    assert earlier.withdrawal_reason == "Marzo en revisión"
