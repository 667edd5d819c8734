"""The impact view of a Mesa's indicator (issue 5 §8): difference-in-differences.

The question: after the Mesa's installation, did its territory's rate change more, or less,
than the rate of similar municipalities without a Mesa changed over the same months?

- The **periods** are the `pre_months` months before the installation month and the
  `post_months` months after it. The installation month itself belongs to neither: the Mesa
  existed for only part of it.
- **Missing months** (None, or absent from `rates`) are left out, never counted as zero.
- The **comparison group** (`choose_comparison`) is a set of municipalities with every month
  of the pre-period known, a population within a factor POPULATION_RATIO of the territory's,
  and the pre-period straight-line trend nearest to the territory's (level and slope).
  The caller passes as candidates only municipalities outside every Mesa's territory.
- The **estimate** (`difference_in_differences`) is (territory's mean after − mean before) −
  (comparison's mean after − mean before), per 100,000. The comparison's monthly value is the
  mean of its municipalities' deviations from their own pre-period means, so a municipality
  missing a month does not shift the group's level.
- The **interval** (CONFIDENCE_PERCENT %) is the wider of two, both reported: a standard error
  from the month-to-month variation of the territory-minus-comparison difference, and the spread
  of placebo estimates, each comparison municipality taken in turn as if it had the Mesa and set
  against the rest. Monthly crime rates are autocorrelated, so the first alone would be too
  narrow; with few municipalities the second alone is coarse.
- **Parallel pre-trends**: the slope of the territory-minus-comparison difference before the
  installation. It is flagged as diverging when it is clearly not zero (outside its own
  CONFIDENCE_PERCENT % interval) and, carried forward to the post-period, would move the
  estimate by more than the estimate's own uncertainty.

This is an estimate, not a rule, so it is computed in floats; the rules that decide whether an
estimate is given at all are the integer constants below. Too little data raises NotEnoughData,
whose message says what is missing.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

PRE_MONTHS = 24
POST_MONTHS = 24
# Known months needed on each side of the installation: a full year, so that one season's
# months never stand for the whole period.
MIN_PERIOD_MONTHS = 12
COMPARISON_SIZE = 10
MIN_COMPARISON_UNITS = 5
# A comparison municipality has between 1/POPULATION_RATIO and POPULATION_RATIO times the
# territory's population (both ends included).
POPULATION_RATIO = 2
CONFIDENCE_PERCENT = 95

Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class Unit:
    """One place: a Mesa's territory (its municipalities aggregated) or a candidate municipality.

    `rates` are monthly rates per 100,000, annualised the same way for every unit compared;
    None (or an absent month) is missing, never zero. `population` is at the installation month.
    """

    code: str
    population: int
    rates: Mapping[Month, float | None]


@dataclass(frozen=True)
class ImpactEstimate:
    """A difference-in-differences estimate, per 100,000, with its interval and checks."""

    estimate: float  # negative: the rate went lower than the comparison's change suggests
    low: float
    high: float
    confidence: int  # percent, of the [low, high] interval
    standard_error: float  # from month-to-month variation of the difference
    placebos: tuple[float, ...]  # each comparison municipality taken as if it had the Mesa
    pre_treated: float  # means over the months used, per 100,000
    post_treated: float
    pre_comparison: float
    post_comparison: float
    pre_trend_difference: float  # territory minus comparison slope before the installation, per year
    parallel_pre_trends: bool
    comparison_codes: tuple[str, ...]
    months_pre: int  # months used on each side (known for the territory and the comparison)
    months_post: int
    method: str  # translated; names the method and the interval

    @property
    def clear(self) -> bool:
        """Whether the interval leaves out zero."""
        return self.high < 0 or self.low > 0


class NotEnoughData(ValueError):
    """Too few known months or comparison municipalities for an estimate; the message says which."""


def choose_comparison(
    treated: Unit,
    candidates: Sequence[Unit],
    installed: Month,
    *,
    size: int = COMPARISON_SIZE,
    pre_months: int = PRE_MONTHS,
) -> list[Unit]:
    """The `size` candidates most like `treated` before `installed`, nearest first.

    Candidates with any pre-period month missing, or a population outside the band, are left
    out. Nearness is the root-mean-square gap between the two straight-line trends fitted to the
    pre-period, so it weighs level and slope in the same unit (per 100,000); ties go to the
    lower code. May return fewer than `size`, even fewer than MIN_COMPARISON_UNITS (the
    estimate then refuses). Raises NotEnoughData when `treated` has too few known pre-months.
    """
    pre = range(-pre_months, 0)
    own = _known(treated, installed, pre)
    if len(own) < MIN_PERIOD_MONTHS:
        raise NotEnoughData(_too_few_months(len(own), before=True))
    own_line = _line(own)
    scored: list[tuple[float, str, Unit]] = []
    for candidate in candidates:
        if candidate.code == treated.code or not _similar_population(treated.population, candidate.population):
            continue
        theirs = _known(candidate, installed, pre)
        if len(theirs) < pre_months:
            continue
        their_line = _line(theirs)
        gap = math.sqrt(statistics.fmean((own_line(k) - their_line(k)) ** 2 for k in pre))
        scored.append((gap, candidate.code, candidate))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [candidate for _, _, candidate in scored[:size]]


def difference_in_differences(
    treated: Unit,
    comparison: Sequence[Unit],
    installed: Month,
    *,
    pre_months: int = PRE_MONTHS,
    post_months: int = POST_MONTHS,
) -> ImpactEstimate:
    """The change in `treated` after `installed`, beyond the change in `comparison`.

    Comparison municipalities with fewer than MIN_PERIOD_MONTHS known months on either side are
    left out (and not named in `comparison_codes`). Raises NotEnoughData when `treated` has
    fewer than MIN_PERIOD_MONTHS known months on either side, or fewer than
    MIN_COMPARISON_UNITS comparison municipalities remain.
    """
    window = [*range(-pre_months, 0), *range(1, post_months + 1)]
    own = _known(treated, installed, window)
    for before in (True, False):
        count = sum(1 for k in own if (k < 0) == before)
        if count < MIN_PERIOD_MONTHS:
            raise NotEnoughData(_too_few_months(count, before=before))
    kept: list[tuple[str, dict[int, float]]] = []
    for unit in comparison:
        theirs = _known(unit, installed, window)
        if min(sum(1 for k in theirs if k < 0), sum(1 for k in theirs if k > 0)) >= MIN_PERIOD_MONTHS:
            kept.append((unit.code, theirs))
    if len(kept) < MIN_COMPARISON_UNITS:
        raise NotEnoughData(
            ngettext(
                "Only %(count)d comparable municipality has enough data; an estimate needs %(needed)d.",
                "Only %(count)d comparable municipalities have enough data; an estimate needs %(needed)d.",
                len(kept),
            )
            % {"count": len(kept), "needed": MIN_COMPARISON_UNITS}
        )
    series = [theirs for _, theirs in kept]
    fit = _fit(own, series)
    if fit is None or min(len(fit.pre), len(fit.post)) < MIN_PERIOD_MONTHS:
        raise NotEnoughData(
            gettext("Too few months have data for both the Mesa's territory and the comparison municipalities.")
        )

    z = statistics.NormalDist().inv_cdf(1 - (100 - CONFIDENCE_PERCENT) / 200)
    standard_error = math.sqrt(
        statistics.variance(fit.pre.values()) / len(fit.pre) + statistics.variance(fit.post.values()) / len(fit.post)
    )
    placebos = []
    for j, theirs in enumerate(series):
        placebo = _fit(theirs, series[:j] + series[j + 1 :])
        if placebo is not None:
            placebos.append(placebo.estimate)
    half_width = max(z * standard_error, _placebo_half_width(placebos))

    slope, slope_error = _slope(fit.pre)
    carried = slope * (statistics.fmean(fit.post) - statistics.fmean(fit.pre))
    parallel = not (abs(slope) > z * slope_error and abs(carried) > half_width)

    return ImpactEstimate(
        estimate=fit.estimate,
        low=fit.estimate - half_width,
        high=fit.estimate + half_width,
        confidence=CONFIDENCE_PERCENT,
        standard_error=standard_error,
        placebos=tuple(placebos),
        pre_treated=fit.pre_treated,
        post_treated=fit.post_treated,
        pre_comparison=fit.pre_comparison,
        post_comparison=fit.post_comparison,
        pre_trend_difference=slope * 12,
        parallel_pre_trends=parallel,
        comparison_codes=tuple(code for code, _ in kept),
        months_pre=len(fit.pre),
        months_post=len(fit.post),
        method=_method(len(kept), len(fit.pre), len(fit.post)),
    )


def caveat() -> str:
    """The plain-language warning shown with every impact estimate."""
    return gettext(
        "This compares how the rate changed after the Mesa was installed with how it changed, over the "
        "same months, in similar municipalities without a Mesa. It shows an association, not proof that "
        "the Mesa caused the difference: other things changed at the same time, such as policing, the "
        "economy or how crimes were recorded. The comparison municipalities were chosen for their "
        "population and their trend before the installation, not at random, so they may differ in ways "
        "the figures do not show. Months without data are left out, not counted as zero."
    )


def plain_summary(est: ImpactEstimate) -> str:
    """A one-paragraph reading of the estimate for the public."""
    count = len(est.comparison_codes)
    values: dict[str, object] = {
        "count": count,
        "percent": est.confidence,
        "amount": _number(abs(est.estimate)),
        "low": _number(est.low),
        "high": _number(est.high),
        "near": _number(min(abs(est.low), abs(est.high))),
        "far": _number(max(abs(est.low), abs(est.high))),
    }
    if not est.clear:
        text = ngettext(
            "After the installation, the rate changed about as much as in %(count)d similar municipality "
            "without a Mesa: the difference, %(amount)s per 100,000, has a %(percent)d%% interval from "
            "%(low)s to %(high)s that includes zero, so there is no clear difference.",
            "After the installation, the rate changed about as much as in %(count)d similar municipalities "
            "without a Mesa: the difference, %(amount)s per 100,000, has a %(percent)d%% interval from "
            "%(low)s to %(high)s that includes zero, so there is no clear difference.",
            count,
        )
        values["amount"] = _number(est.estimate)
    elif est.estimate < 0:
        text = ngettext(
            "After the installation, the rate was %(amount)s per 100,000 lower than the change in "
            "%(count)d similar municipality without a Mesa would suggest (%(percent)d%% interval: "
            "%(near)s to %(far)s lower).",
            "After the installation, the rate was %(amount)s per 100,000 lower than the change in "
            "%(count)d similar municipalities without a Mesa would suggest (%(percent)d%% interval: "
            "%(near)s to %(far)s lower).",
            count,
        )
    else:
        text = ngettext(
            "After the installation, the rate was %(amount)s per 100,000 higher than the change in "
            "%(count)d similar municipality without a Mesa would suggest (%(percent)d%% interval: "
            "%(near)s to %(far)s higher).",
            "After the installation, the rate was %(amount)s per 100,000 higher than the change in "
            "%(count)d similar municipalities without a Mesa would suggest (%(percent)d%% interval: "
            "%(near)s to %(far)s higher).",
            count,
        )
    paragraph = text % values
    if not est.parallel_pre_trends:
        paragraph += " " + gettext(
            "Before the installation the rate was already moving apart from theirs, by about %(gap)s per "
            "100,000 a year, so this difference may come from that earlier trend rather than the Mesa."
        ) % {"gap": _number(abs(est.pre_trend_difference))}
    return paragraph


@dataclass(frozen=True)
class _Fit:
    estimate: float
    pre: dict[int, float]  # territory minus comparison, by month offset from the installation
    post: dict[int, float]
    pre_treated: float
    post_treated: float
    pre_comparison: float
    post_comparison: float


def _fit(treated: dict[int, float], others: Sequence[dict[int, float]]) -> _Fit | None:
    """The estimate of `treated` against `others` (known rates by month offset); None without months."""
    baselines = [statistics.fmean(v for k, v in theirs.items() if k < 0) for theirs in others]
    level = statistics.fmean(baselines)
    comparison: dict[int, float] = {}
    for k in sorted(treated):
        deviations = [theirs[k] - base for theirs, base in zip(others, baselines, strict=True) if k in theirs]
        if deviations:
            comparison[k] = level + statistics.fmean(deviations)
    pre = [k for k in comparison if k < 0]
    post = [k for k in comparison if k > 0]
    if not pre or not post:
        return None
    pre_treated = statistics.fmean(treated[k] for k in pre)
    post_treated = statistics.fmean(treated[k] for k in post)
    pre_comparison = statistics.fmean(comparison[k] for k in pre)
    post_comparison = statistics.fmean(comparison[k] for k in post)
    return _Fit(
        estimate=(post_treated - pre_treated) - (post_comparison - pre_comparison),
        pre={k: treated[k] - comparison[k] for k in pre},
        post={k: treated[k] - comparison[k] for k in post},
        pre_treated=pre_treated,
        post_treated=post_treated,
        pre_comparison=pre_comparison,
        post_comparison=post_comparison,
    )


def _known(unit: Unit, installed: Month, offsets: Sequence[int] | range) -> dict[int, float]:
    """The unit's known rates, keyed by month offset from the installation month."""
    base = installed[0] * 12 + installed[1] - 1
    known: dict[int, float] = {}
    for k in offsets:
        year, month = divmod(base + k, 12)
        value = unit.rates.get((year, month + 1))
        if value is not None:
            known[k] = value
    return known


def _line(values: dict[int, float]) -> _Line:
    slope, intercept = statistics.linear_regression(list(values), list(values.values()))
    return _Line(slope, intercept)


@dataclass(frozen=True)
class _Line:
    slope: float
    intercept: float

    def __call__(self, k: int) -> float:
        return self.intercept + self.slope * k


def _slope(values: dict[int, float]) -> tuple[float, float]:
    """The least-squares slope of `values` over their months, and its standard error."""
    line = _line(values)
    centre = statistics.fmean(values)
    spread = sum((k - centre) ** 2 for k in values)
    residual = sum((v - line(k)) ** 2 for k, v in values.items())
    return line.slope, math.sqrt(residual / (len(values) - 2) / spread)


def _placebo_half_width(placebos: Sequence[float]) -> float:
    """The size of placebo estimate that the share CONFIDENCE_PERCENT of them do not exceed.

    The k-th smallest |placebo| with k = ⌈CONFIDENCE_PERCENT·(n + 1)/100⌉, capped at n: with
    fewer than 19 placebos at 95 % that is the largest.
    """
    if not placebos:
        return 0.0
    sizes = sorted(abs(p) for p in placebos)
    rank = min(len(sizes), -(-CONFIDENCE_PERCENT * (len(sizes) + 1) // 100))
    return sizes[rank - 1]


def _similar_population(treated: int, candidate: int) -> bool:
    return treated <= POPULATION_RATIO * candidate and candidate <= POPULATION_RATIO * treated


def _too_few_months(count: int, *, before: bool) -> str:
    if before:
        message = ngettext(
            "Only %(count)d month before the installation has data; an estimate needs %(needed)d.",
            "Only %(count)d months before the installation have data; an estimate needs %(needed)d.",
            count,
        )
    else:
        message = ngettext(
            "Only %(count)d month after the installation has data; an estimate needs %(needed)d.",
            "Only %(count)d months after the installation have data; an estimate needs %(needed)d.",
            count,
        )
    return message % {"count": count, "needed": MIN_PERIOD_MONTHS}


def _method(count: int, pre: int, post: int) -> str:
    return ngettext(
        "Difference-in-differences: the change in the mean monthly rate from the %(pre)d months before "
        "the installation to the %(post)d months after it, minus the same change in %(count)d "
        "municipality without a Mesa of similar population and trend before the installation. The "
        "%(percent)d%% interval is the wider of two: one from the month-to-month variation of the "
        "difference, and one from placebo estimates that take each comparison municipality in turn as "
        "if it had the Mesa.",
        "Difference-in-differences: the change in the mean monthly rate from the %(pre)d months before "
        "the installation to the %(post)d months after it, minus the same change in %(count)d "
        "municipalities without a Mesa of similar population and trend before the installation. The "
        "%(percent)d%% interval is the wider of two: one from the month-to-month variation of the "
        "difference, and one from placebo estimates that take each comparison municipality in turn as "
        "if it had the Mesa.",
        count,
    ) % {"count": count, "pre": pre, "post": post, "percent": CONFIDENCE_PERCENT}


def _number(value: float) -> str:
    # Adding 0.0 turns a rounded −0.0 into 0.0, so nothing reads "-0.0".
    return number_format(round(value, 1) + 0.0, decimal_pos=1)
