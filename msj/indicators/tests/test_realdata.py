"""The demo's real series go through the real imports and give the published figures back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from msj.indicators.figures import indicator_figures
from msj.indicators.models import ImportBatch, Indicator, Observation
from msj.indicators.realdata import cieisp_file, load_real_series
from msj.indicators.services import install_standard_indicators
from msj.indicators.testing import juarez_territory, real_rows, stored_rows
from msj.members.testing import Personas

pytestmark = pytest.mark.django_db


def test_the_raw_cieisp_file_is_latin1_with_blank_months_left_empty() -> None:
    text = cieisp_file().decode("latin-1")
    header, first = text.splitlines()[:2]
    assert header.startswith("AÑO,INEGI,ENTIDAD,MUNICIPIO,MODALIDAD,TIPO,SUBTIPO,ENERO")
    assert first.startswith("2011,8019,Chihuahua,Chihuahua,")  # unpadded, as the SESNSP writes it
    assert ",," in text  # months the source did not report stay empty


def test_the_real_series_import_to_the_published_rates(personas: Personas) -> None:
    mesa = personas.mesa_a
    juarez_territory(mesa)
    install_standard_indicators(mesa=mesa)
    batches = load_real_series([(mesa, "08037")])
    assert [b.status for b in batches] == [ImportBatch.Status.DONE] * 3
    figures = indicator_figures(Indicator.objects.get(mesa=mesa, slug="homicidio-doloso"))
    rows = {row.month: row for row in figures.rows}
    published = [r for r in real_rows() if r["cvegeo"] == "08037" and r["delito"] == "homicidio_doloso" and r["count"]]
    for row in published:
        month = rows[tuple(map(int, row["fecha"].split("-")))]  # type: ignore[index]
        assert month.rate == Decimal(row["rate_published_per100k_annualized"])
    assert [line.key for line in figures.lines] == ["sesnsp:cieisp", "inegi:"]
    # Loading again is the same imports: nothing is added.
    counts = (len(stored_rows()), Observation.objects.count(), ImportBatch.objects.count())
    load_real_series([(mesa, "08037")])
    assert (len(stored_rows()), Observation.objects.count(), ImportBatch.objects.count()) == counts
