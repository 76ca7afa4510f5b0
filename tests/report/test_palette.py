"""The palette: WCAG contrast worked out from the colours themselves, colour-blind separation, one source.

Contrast is computed here independently of perflib (WCAG 2.x relative
luminance), and checked against known ratios first: black on white is 21:1,
and GOV.UK's link blue #1D70B8 on white is 5.17:1.
"""

from __future__ import annotations

import itertools
import re

import pytest

from perflib.report import palette
from perflib.report.render import stylesheet
from perflib.report.wording import STATUS_COLOURS
from perflib.rules import status as rules

WHITE = "#FFFFFF"
RAG = (rules.GREEN, rules.AMBER, rules.RED)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (_channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_gives_known_ratios():
    assert ratio("#000000", WHITE) == pytest.approx(21.0)
    assert ratio("#1D70B8", WHITE) == pytest.approx(5.17, abs=0.01)
    assert palette.contrast("#1D70B8", WHITE) == pytest.approx(ratio("#1D70B8", WHITE))


@pytest.mark.parametrize("status", list(palette.STATUS))
def test_every_status_fill_has_3_to_1_against_the_white_page(status):
    assert ratio(palette.STATUS[status].fill, WHITE) >= 3.0


@pytest.mark.parametrize("status", list(palette.STATUS))
def test_text_on_every_fill_has_4_5_to_1(status):
    swatch = palette.STATUS[status]
    assert ratio(swatch.text, swatch.fill) >= 4.5


def test_the_rag_fills_by_hand():
    # worked out with the formula above (rounded to 2 places)
    assert round(ratio("#28A197", WHITE), 2) == 3.17  # Green: turquoise
    assert round(ratio("#D97706", WHITE), 2) == 3.19  # Amber
    assert round(ratio("#C8102E", WHITE), 2) == 5.88  # Red
    assert [palette.STATUS[s].fill for s in RAG] == ["#28A197", "#D97706", "#C8102E"]


def test_red_is_a_true_red_and_the_target_band_a_neutral_grey():
    r, g, b = (int(palette.STATUS[rules.RED].fill[i : i + 2], 16) for i in (1, 3, 5))
    assert r > 3 * g and r > 3 * b  # not orange-brown
    r, g, b = (int(palette.TARGET_BAND[i : i + 2], 16) for i in (1, 3, 5))
    assert r == g == b  # grey: neither an alarm colour nor a status
    assert palette.TARGET_BAND not in {palette.STATUS[s].fill for s in RAG}


# Machado, Oliveira and Fernandes (2009), full severity, in linear RGB.
_SIMULATE = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(hex_colour: str, matrix=None) -> tuple[float, float, float]:
    rgb = [_channel(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]
    if matrix is not None:
        rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("vision", [None, *_SIMULATE])
def test_green_amber_and_red_stay_apart_for_colour_blind_readers(vision):
    matrix = _SIMULATE.get(vision) if vision else None
    for a, b in itertools.combinations(RAG, 2):
        la, lb = _lab(palette.STATUS[a].fill, matrix), _lab(palette.STATUS[b].fill, matrix)
        distance = sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5
        assert distance >= 20, f"{a} and {b} are too alike ({distance:.1f}) with {vision or 'normal vision'}"


def test_the_palette_is_the_one_source_of_css_and_chart_colours():
    css = stylesheet()
    for status, swatch in palette.STATUS.items():
        slug = palette.slug(status)
        assert f"--{slug}-fill: {swatch.fill};" in css and f"--{slug}-text: {swatch.text};" in css
        assert STATUS_COLOURS[status] == swatch.fill
    # report.css itself writes no status colour: its status rules only use the palette's properties
    own = stylesheet()[len(palette.css_variables()) :]
    for rule in re.findall(r"\.status-[\w-]+ \{[^}]*\}", own):
        assert "#" not in rule, rule
