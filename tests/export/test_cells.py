"""Text cells that a spreadsheet could run as a formula are written with a leading apostrophe."""

import math

import numpy as np
import pytest

from perflib.export.cells import FORMULA_STARTS, neutralise


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://example.invalid","click")',  # formula
        "+44 20 7946 0000",  # read as a sum
        "-5% on last quarter",  # read as a negative number or formula
        "@SUM(A1:A9)",  # Lotus-style function
        "\tcmd",  # tab
        "\rcmd",  # carriage return
    ],
)
def test_each_formula_start_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


def test_the_starting_characters_are_the_six_the_guidance_names():
    # UK government CSV guidance and OWASP: = + - @ tab and carriage return.
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize(
    "text",
    [
        "Busy quarter",
        " =not at the start",  # only the first character counts
        "1+1",
        "'=already quoted",  # not quoted twice
        "<5",  # a suppressed count
        "[c]",  # a confidential figure
        "",
        "\n=next line",  # a line feed is not one of the six
    ],
)
def test_other_text_is_unchanged(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("number", [-5, -0.5, 0, 63.5, np.float64(-12.0), np.int64(-3)])
def test_numbers_are_never_touched_even_negative_ones(number):
    out = neutralise(number)
    assert out == number and type(out) is type(number)


def test_missing_values_are_returned_as_they_are():
    assert neutralise(None) is None
    assert math.isnan(neutralise(float("nan")))


def test_xlsx_text_removes_what_excel_cannot_hold_and_says_so():
    from perflib.export.cells import xlsx_text

    assert xlsx_text("Busy\x00 quarter\x01") == "Busy quarter [2 control characters that Excel cannot hold removed]"
    assert xlsx_text("tab\there\nline") == "tab\there\nline"  # tab, line feed and carriage return are allowed
    assert xlsx_text("=1+1") == "'=1+1"
    assert xlsx_text(4.5) == 4.5


def test_xlsx_text_cuts_at_excel_limit_with_a_note():
    from perflib.export.cells import XLSX_MAX_CHARS, xlsx_text

    out = xlsx_text("a" * 40_000)
    assert len(out) == XLSX_MAX_CHARS == 32_767
    assert out.endswith(" [cut from 40,000 characters to fit an Excel cell; the full text is in the CSV]")
    assert len(xlsx_text("a" * 32_767)) == 32_767 and "[" not in xlsx_text("a" * 32_767)
