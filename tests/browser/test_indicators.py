"""A citizen follows the crime indicators on a phone or a desktop: the board, an indicator with
its chart and its sources side by side, the impact view; with no serious accessibility issue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from msj.demo import data
from tests.browser.conftest import Demo
from tests.browser.helpers import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

BOARD = f"/m/{data.JUAREZ.slug}/indicators/"


def test_a_citizen_reads_the_homicide_indicator(demo: Demo, page: Page, viewport: str) -> None:
    sign_in(page, demo, demo.citizen)
    page.goto(f"{demo.url}{BOARD}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicadores delictivos")
    card = page.locator(".indicator-cards li").first
    expect(card).to_contain_text("Homicidio doloso")
    expect(card).to_contain_text(re.compile("julio de 2016", re.IGNORECASE))  # the real series' last month
    expect(card.locator(".light")).to_be_visible()  # its light, in words as well as colour
    problems = axe_violations(page, "indicators")
    screenshot(page, f"{viewport}-indicators-board")

    card.get_by_role("link", name="Homicidio doloso").click()
    chart = page.locator("figure.indicator-chart img")
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 0  # the SVG drew
    table = page.get_by_role("region", name="Mes por mes").locator("table")
    expect(table).to_contain_text("INEGI")  # the second source, side by side with SESNSP
    problems += axe_violations(page, "indicator")
    screenshot(page, f"{viewport}-indicator")

    page.get_by_role("link", name="Impacto de la Mesa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Homicidio doloso")
    problems += axe_violations(page, "impact")
    assert not problems, "axe-core found serious or critical violations:\n" + "\n".join(problems)
