"""Traffic lights at their edges."""

from __future__ import annotations

from decimal import Decimal

from msj.indicators.lights import Light, light_against_target, semaforo_delictivo


def test_against_a_target_with_ten_percent_tolerance() -> None:
    target = Decimal("30")
    assert light_against_target(Decimal("30.0000"), target, 10) == Light.GREEN  # exactly the target
    assert light_against_target(Decimal("30.0001"), target, 10) == Light.AMBER
    assert light_against_target(Decimal("33.0000"), target, 10) == Light.AMBER  # exactly 10 % above
    assert light_against_target(Decimal("33.0001"), target, 10) == Light.RED
    assert light_against_target(Decimal("30.0001"), target, 0) == Light.RED  # no tolerance, no amber


def test_the_semaforo_delictivo_edges() -> None:
    months = [100] * 36  # μ = 100
    assert semaforo_delictivo(75, months) == Light.GREEN  # exactly 0.75 μ
    assert semaforo_delictivo(76, months) == Light.AMBER
    assert semaforo_delictivo(99, months) == Light.AMBER
    assert semaforo_delictivo(100, months) == Light.RED  # exactly μ


def test_the_semaforo_needs_thirty_six_known_months() -> None:
    assert semaforo_delictivo(10, [100] * 35) is None
    assert semaforo_delictivo(10, [100] * 35 + [None]) is None  # missing is not zero
    assert semaforo_delictivo(10, [None] + [100] * 36) == Light.GREEN  # only the last 36 count
