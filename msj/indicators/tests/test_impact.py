"""The impact estimate on synthetic series whose answer is known."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from django.utils import translation

from msj.indicators.impact import (
    MIN_COMPARISON_UNITS,
    MIN_PERIOD_MONTHS,
    PRE_MONTHS,
    Month,
    NotEnoughData,
    Unit,
    caveat,
    choose_comparison,
    difference_in_differences,
    plain_summary,
)

INSTALLED: Month = (2015, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def month(k: int) -> Month:
    """The month `k` months after the installation month (before it when negative)."""
    year, index = divmod(2015 * 12 + k, 12)
    return (year, index + 1)


def unit(
    code: str,
    level: float,
    *,
    slope: float = 0.2,
    effect: float = 0.0,
    seed: float = 0.0,
    population: int = 100_000,
    first: int = -30,
    last: int = 30,
) -> Unit:
    """A monthly rate series: a straight trend, a season every place shares, its own small noise,
    and `effect` added from the month after the installation on."""
    rates: dict[Month, float | None] = {}
    for k in range(first, last + 1):
        season = 6 * math.sin(2 * math.pi * k / 12)
        noise = math.sin(1.7 * k + seed) + 0.5 * math.sin(0.61 * k * k + 2 * seed)
        rates[month(k)] = level + slope * k + season + noise + (effect if k > 0 else 0.0)
    return Unit(code=code, population=population, rates=rates)


def replaced(place: Unit, **changes: float | None) -> Unit:
    """`place` with the months at the given offsets (`m5=…`, `m_3=…` for −3) set to a value or None."""
    rates = dict(place.rates)
    for key, value in changes.items():
        k = int(key[1:].replace("_", "-"))
        rates[month(k)] = value
    return Unit(code=place.code, population=place.population, rates=rates)


def comparison(count: int = 10) -> list[Unit]:
    return [unit(f"08{i:03d}", 90 + 2 * i, seed=i + 1) for i in range(count)]


def test_an_injected_effect_is_recovered_with_an_interval_that_excludes_zero() -> None:
    treated = unit("08037", 100, effect=-20, seed=0.3)
    est = difference_in_differences(treated, comparison(), INSTALLED)
    assert est.estimate == pytest.approx(-20, abs=1)
    assert est.high < 0 and est.clear
    assert est.parallel_pre_trends
    assert est.estimate == pytest.approx(
        (est.post_treated - est.pre_treated) - (est.post_comparison - est.pre_comparison)
    )
    assert (est.months_pre, est.months_post) == (24, 24)
    assert len(est.comparison_codes) == len(est.placebos) == 10
    # With ten placebos the 95 % placebo bound is the largest of them; the interval is at least that wide.
    half_width = (est.high - est.low) / 2
    assert half_width >= max(abs(p) for p in est.placebos)
    assert half_width >= 1.959 * est.standard_error
    summary = plain_summary(est)
    assert "lower than the change in 10 similar municipalities without a Mesa" in summary
    assert "no clear difference" not in summary


def test_an_effect_upwards_reads_higher() -> None:
    est = difference_in_differences(unit("08037", 100, effect=15, seed=0.3), comparison(), INSTALLED)
    assert est.estimate == pytest.approx(15, abs=1) and est.low > 0
    assert "higher than the change in 10 similar municipalities" in plain_summary(est)


def test_without_an_effect_the_interval_contains_zero_and_says_so() -> None:
    est = difference_in_differences(unit("08037", 100, seed=0.3), comparison(), INSTALLED)
    assert est.low < 0 < est.high and not est.clear
    assert est.parallel_pre_trends
    assert "no clear difference" in plain_summary(est)


def test_a_common_shock_after_the_installation_is_not_taken_for_an_effect() -> None:
    everyone = [*comparison(), unit("08037", 100, seed=0.3)]
    shocked = [
        Unit(
            place.code,
            place.population,
            {m: v + 30 if m > INSTALLED and v is not None else v for m, v in place.rates.items()},
        )
        for place in everyone
    ]
    est = difference_in_differences(shocked[-1], shocked[:-1], INSTALLED)
    assert est.post_treated - est.pre_treated == pytest.approx(30 + 0.2 * 25, abs=1)
    assert not est.clear


def test_missing_months_are_left_out_not_counted_as_zero() -> None:
    treated = replaced(unit("08037", 100, effect=-20, seed=0.3), m3=None, m4=None, m_7=None)
    est = difference_in_differences(treated, comparison(), INSTALLED)
    assert est.estimate == pytest.approx(-20, abs=1)
    assert (est.months_pre, est.months_post) == (23, 22)


def test_a_comparison_municipality_missing_months_does_not_shift_the_group() -> None:
    group = comparison()
    highest = group[-1]  # level 108, the furthest from the group's mean
    group[-1] = replaced(highest, **{f"m{k}": None for k in range(1, 10)})
    est = difference_in_differences(unit("08037", 100, seed=0.3), group, INSTALLED)
    assert est.estimate == pytest.approx(0, abs=0.5)
    assert highest.code in est.comparison_codes


def test_the_installation_month_belongs_to_neither_period() -> None:
    treated = unit("08037", 100, effect=-20, seed=0.3)
    group = comparison()
    base = difference_in_differences(treated, group, INSTALLED)
    # The installation month and the months just outside both windows change nothing.
    outside = replaced(treated, m0=10_000.0, m_25=10_000.0, m25=10_000.0)
    assert difference_in_differences(outside, group, INSTALLED).estimate == pytest.approx(base.estimate)
    # The first and last months of the windows do count.
    assert difference_in_differences(replaced(treated, m_24=10_000.0), group, INSTALLED).estimate < -100
    assert difference_in_differences(replaced(treated, m24=10_000.0), group, INSTALLED).estimate > 100
    assert difference_in_differences(replaced(treated, m1=10_000.0), group, INSTALLED).estimate > 100
    assert difference_in_differences(replaced(treated, m_1=10_000.0), group, INSTALLED).estimate < -100


def test_divergent_pre_trends_are_flagged() -> None:
    treated = unit("08037", 100, slope=1.0, seed=0.3)  # rises 12 a year; the comparison 2.4
    est = difference_in_differences(treated, comparison(), INSTALLED)
    assert not est.parallel_pre_trends
    assert est.pre_trend_difference == pytest.approx(12 * 0.8, abs=1)
    assert est.estimate == pytest.approx(0.8 * 25, abs=1)  # the old trend, carried on, looks like an effect
    assert "already moving apart from theirs, by about" in plain_summary(est)


def test_a_slight_pre_trend_within_the_noise_is_not_flagged() -> None:
    est = difference_in_differences(unit("08037", 100, slope=0.21, seed=0.3), comparison(), INSTALLED)
    assert est.parallel_pre_trends


def test_a_clear_pre_trend_smaller_than_the_uncertainty_is_not_flagged() -> None:
    treated = unit("08037", 100, slope=0.25, seed=0.3)
    assert not difference_in_differences(treated, comparison(), INSTALLED).parallel_pre_trends
    # Municipalities that each changed their own way after the installation widen the placebo
    # interval; the same pre-trend gap, carried forward, then moves the estimate by less than that.
    scattered = [unit(f"08{i:03d}", 90 + 2 * i, seed=i + 1, effect=(-5, 5)[i % 2]) for i in range(10)]
    est = difference_in_differences(treated, scattered, INSTALLED)
    assert est.high - est.low > 10
    assert est.parallel_pre_trends


def test_too_few_months_after_the_installation() -> None:
    group = comparison()
    enough = unit("08037", 100, seed=0.3, last=MIN_PERIOD_MONTHS)
    assert difference_in_differences(enough, group, INSTALLED).months_post == MIN_PERIOD_MONTHS
    with pytest.raises(NotEnoughData, match="Only 11 months after the installation have data"):
        difference_in_differences(unit("08037", 100, seed=0.3, last=11), group, INSTALLED)
    with pytest.raises(NotEnoughData, match="Only 11 months after"):
        difference_in_differences(replaced(enough, m5=None), group, INSTALLED)
    with pytest.raises(NotEnoughData, match="Only 0 months after"):
        difference_in_differences(unit("08037", 100, seed=0.3, last=0), group, INSTALLED)


def test_too_few_months_before_the_installation() -> None:
    with pytest.raises(NotEnoughData, match="Only 11 months before the installation have data"):
        difference_in_differences(unit("08037", 100, seed=0.3, first=-11), comparison(), INSTALLED)
    est = difference_in_differences(unit("08037", 100, seed=0.3, first=-12), comparison(), INSTALLED)
    assert est.months_pre == 12


def test_too_few_comparison_municipalities() -> None:
    treated = unit("08037", 100, seed=0.3)
    assert len(difference_in_differences(treated, comparison(MIN_COMPARISON_UNITS), INSTALLED).placebos) == 5
    with pytest.raises(NotEnoughData, match="Only 4 comparable municipalities"):
        difference_in_differences(treated, comparison(MIN_COMPARISON_UNITS - 1), INSTALLED)
    # A municipality without a year of data after the installation does not count.
    short = [*comparison(MIN_COMPARISON_UNITS - 1), unit("08999", 100, seed=9, last=11)]
    with pytest.raises(NotEnoughData, match="Only 4 comparable"):
        difference_in_differences(treated, short, INSTALLED)


def test_the_comparison_is_chosen_by_population_band_complete_pre_period_and_trend() -> None:
    treated = unit("08037", 100, seed=0.3, population=100_000)
    candidates = [
        unit("A_same", 100, seed=1, population=100_000),
        unit("B_higher", 110, seed=2, population=100_000),
        unit("C_steeper", 100, slope=0.5, seed=3, population=100_000),
        unit("D_half", 100, seed=4, population=50_000),  # exactly half: in the band
        unit("E_below_half", 100, seed=5, population=49_999),
        unit("F_double", 100, seed=6, population=200_000),  # exactly double: in the band
        unit("G_above_double", 100, seed=7, population=200_001),
        replaced(unit("H_none_before", 100, seed=8), m_24=None),
        Unit("I_absent_before", 100_000, {m: v for m, v in unit("x", 100, seed=9).rates.items() if m != month(-1)}),
        replaced(unit("J_none_after", 100, seed=10), m1=None),  # the choice looks only before
        unit("08037", 100, seed=0.3),  # the place itself
    ]
    chosen = [c.code for c in choose_comparison(treated, candidates, INSTALLED)]
    assert set(chosen) == {"A_same", "B_higher", "C_steeper", "D_half", "F_double", "J_none_after"}
    assert chosen.index("B_higher") > chosen.index("A_same")  # 10 above in level
    assert chosen[-2:] in (["B_higher", "C_steeper"], ["C_steeper", "B_higher"])
    assert [c.code for c in choose_comparison(treated, candidates[::-1], INSTALLED)] == chosen
    assert [c.code for c in choose_comparison(treated, candidates, INSTALLED, size=2)] == chosen[:2]


def test_ties_in_the_comparison_go_to_the_lower_code() -> None:
    treated = unit("08037", 100, seed=0.3)
    twins = [unit(code, 100, seed=1) for code in ("08005", "08002", "08009")]
    assert [c.code for c in choose_comparison(treated, twins, INSTALLED)] == ["08002", "08005", "08009"]


def test_the_comparison_needs_the_place_s_own_pre_period() -> None:
    with pytest.raises(NotEnoughData, match="before the installation"):
        choose_comparison(unit("08037", 100, first=-PRE_MONTHS + 13), comparison(), INSTALLED)


def test_chosen_comparison_feeds_the_estimate() -> None:
    treated = unit("08037", 100, effect=-20, seed=0.3)
    pool = [unit(f"08{i:03d}", 60 + 5 * i, seed=i + 1, population=40_000 + 10_000 * i) for i in range(20)]
    chosen = choose_comparison(treated, pool, INSTALLED)
    est = difference_in_differences(treated, chosen, INSTALLED)
    assert est.comparison_codes == tuple(c.code for c in chosen)
    assert est.estimate == pytest.approx(-20, abs=1) and est.high < 0


def test_the_texts_name_the_method_and_the_caveat() -> None:
    est = difference_in_differences(unit("08037", 100, seed=0.3), comparison(), INSTALLED)
    assert est.method.startswith("Difference-in-differences")
    assert "95% interval" in est.method and "10 municipalities" in est.method
    assert "24 months before" in est.method
    text = caveat()
    assert "not proof" in text and "not at random" in text and "not counted as zero" in text
