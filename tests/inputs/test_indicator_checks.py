"""Each named check on a return's indicator rows, at and either side of its boundary."""

import numpy as np
import pandas as pd
import pytest

from perflib.inputs.catalogue import Catalogue
from perflib.inputs.indicator_checks import ROW_CHECKS, check_indicator_rows

NAN = np.nan
FILE = "data/raw/2023-24-Q3/alpha.xlsx"

# Only the columns the checks read: unit, decimals, whether there is a denominator, and the owner.
INDICATORS = pd.DataFrame(
    [
        ("PC01", "percent", 1, "Calls offered", "alpha"),
        ("PC00", "percent", 0, "Cases", "alpha"),
        ("PN01", "percent", 1, None, "alpha"),  # a percent without numerator and denominator
        ("CT01", "count", 0, None, "alpha"),
        ("SE01", "seconds", 0, None, "alpha"),
        ("BT01", "count", 0, None, "beta"),
    ],
    columns=["pi_code", "unit", "decimals", "denominator_label", "directorate"],
)
CATALOGUE = Catalogue(indicators=INDICATORS, targets=pd.DataFrame(), actions=pd.DataFrame())


def check(*rows, directorate="alpha"):
    """(row, column, value found, expected) of every problem; rows are (code, value, numerator, denominator)."""
    frame = pd.DataFrame(rows, columns=["pi_code", "value", "numerator", "denominator"], dtype=object)
    frame = frame.astype({"value": float, "numerator": float, "denominator": float})
    frame.insert(1, "row", range(2, 2 + len(frame)))  # spreadsheet rows from 2, under the header
    problems = check_indicator_rows(frame, CATALOGUE, directorate, FILE)
    return [(p.row, p.column, p.value, p.expected) for p in problems]


def test_the_checks_are_named_in_the_order_they_are_reported():
    assert [(c.column, c.expected) for c in ROW_CHECKS] == [
        ("value", "a percentage from 0 to 100"),
        ("value", "a count of 0 or more"),
        ("numerator", "a numerator not above the denominator"),
        ("denominator", "a denominator above 0"),
        ("value", "a value equal to 100 x numerator / denominator"),
    ]


def test_no_rows_no_problems():
    empty = pd.DataFrame(columns=["pi_code", "row", "value", "numerator", "denominator"])
    assert check_indicator_rows(empty, CATALOGUE, "alpha", FILE) == []


@pytest.mark.parametrize(
    "value,ok",
    [(-0.1, False), (0.0, True), (0.1, True), (99.9, True), (100.0, True), (100.1, False)],
)
def test_percent_from_0_to_100_edges_included(value, ok):
    found = check(("PN01", value, NAN, NAN))
    assert found == ([] if ok else [(2, "Value", f"{value:g}", "a percentage from 0 to 100")])


def test_percent_check_is_for_percent_pis_only():
    assert check(("SE01", 140.0, NAN, NAN), ("CT01", 250.0, NAN, NAN)) == []


@pytest.mark.parametrize("value,ok", [(-1.0, False), (0.0, True), (1.0, True)])
def test_count_of_0_or_more(value, ok):
    found = check(("CT01", value, NAN, NAN))
    assert found == ([] if ok else [(2, "Value", "-1", "a count of 0 or more")])


def test_negative_seconds_are_not_a_count_problem():
    assert check(("SE01", -5.0, NAN, NAN)) == []


@pytest.mark.parametrize("numerator,ok", [(999.0, True), (1000.0, True), (1001.0, False)])
def test_numerator_not_above_the_denominator(numerator, ok):
    # value left blank so that only this check can fail
    found = check(("PC01", NAN, numerator, 1000.0))
    assert found == ([] if ok else [(2, "Numerator", "1001", "a numerator not above the denominator")])


def test_numerator_equal_to_denominator_with_its_value_is_fine():
    assert check(("PC01", 100.0, 1000.0, 1000.0)) == []  # 100 x 1000 / 1000 = 100.0


def test_denominator_of_0_for_a_ratio_pi():
    assert check(("PC01", NAN, 0.0, 0.0)) == [(2, "Denominator", "0", "a denominator above 0")]
    assert check(("PC01", NAN, 0.0, 1.0)) == []  # 0 of 1 is fine
    assert check(("CT01", 5.0, NAN, 0.0)) == []  # a count has no denominator to be 0


def test_negative_numerator_or_denominator():
    found = check(("PC01", NAN, -1.0, 10.0))
    assert found == [(2, "Numerator", "-1", "a count of 0 or more")]


@pytest.mark.parametrize(
    "value,numerator,denominator,ok",
    [
        # 1 decimal: the value may differ from 100 x n / d by at most half of 0.1 = 0.05
        (85.0, 850.0, 1000.0, True),  # exactly 85.0
        (85.05, 850.0, 1000.0, True),  # 0.05 off: on the edge
        (84.95, 850.0, 1000.0, True),  # 0.05 off the other way
        (85.1, 850.0, 1000.0, False),  # 0.1 off
        (84.9, 850.0, 1000.0, False),
        (66.7, 2.0, 3.0, True),  # 66.666... rounded to 66.7: 0.033 off
        (66.6, 2.0, 3.0, False),  # truncated: 0.067 off
        (12.55, 1.0, 8.0, True),  # 12.5 exactly; 12.55 and 12.45 are 0.05 off
        (12.45, 1.0, 8.0, True),
        (12.56, 1.0, 8.0, False),
        (12.44, 1.0, 8.0, False),
        (0.0, 0.0, 250.0, True),  # none of 250
    ],
)
def test_value_equals_100_x_numerator_over_denominator_within_half_the_last_decimal(value, numerator, denominator, ok):
    found = check(("PC01", value, numerator, denominator))
    assert found == ([] if ok else [(2, "Value", f"{value:g}", "a value equal to 100 x numerator / denominator")])


@pytest.mark.parametrize("value,ok", [(12.0, True), (13.0, True), (11.0, False), (14.0, False)])
def test_with_no_decimals_half_of_1(value, ok):
    # PC00 has 0 decimals: 100 x 1 / 8 = 12.5, and 12 and 13 are both exactly 0.5 off
    found = check(("PC00", value, 1.0, 8.0))
    assert found == ([] if ok else [(2, "Value", f"{value:g}", "a value equal to 100 x numerator / denominator")])


def test_value_check_needs_all_three_figures():
    assert check(("PC01", NAN, 850.0, 1000.0)) == []  # a blank value
    assert check(("PC01", 50.0, NAN, 1000.0)) == []  # no numerator
    assert check(("PN01", 50.0, 850.0, 1000.0)) == []  # the PI has no denominator in the catalogue


def test_unknown_and_repeated_codes():
    found = check(("XX99", 1.0, NAN, NAN), ("CT01", 1.0, NAN, NAN), ("CT01", 2.0, NAN, NAN))
    assert sorted(found) == [
        (2, "PI code", "XX99", "a PI code from the catalogue"),
        (3, "PI code", "CT01", "each PI once (this code appears more than once)"),
        (4, "PI code", "CT01", "each PI once (this code appears more than once)"),
    ]


def test_a_pi_of_another_directorate():
    frame = pd.DataFrame({"pi_code": ["BT01"], "row": [7], "value": [3.0], "numerator": [NAN], "denominator": [NAN]})
    (p,) = check_indicator_rows(frame, CATALOGUE, "alpha", FILE)
    assert (p.row, p.column, p.value, p.expected) == (7, "PI code", "BT01", "a PI reported by alpha")
    assert p.message == "this PI belongs to another directorate's return"
    assert (p.directorate, p.pi_code, p.sheet, p.file) == ("alpha", "BT01", "Indicators", FILE)
    assert check(("BT01", 3.0, NAN, NAN), directorate="beta") == []


def test_each_failure_once_against_its_column_with_the_pi_and_directorate():
    # 100.1% from 1,001 of 1,000: the percent range, the numerator and the implied value (100.1) all fail;
    # the implied value 100.1 equals the value, so that check passes.
    frame = pd.DataFrame(
        {"pi_code": ["PC01"], "row": [5], "value": [100.1], "numerator": [1001.0], "denominator": [1000.0]}
    )
    problems = check_indicator_rows(frame, CATALOGUE, "alpha", FILE)
    assert [(p.column, p.value, p.expected) for p in problems] == [
        ("Value", "100.1", "a percentage from 0 to 100"),
        ("Numerator", "1001", "a numerator not above the denominator"),
    ]
    for p in problems:
        assert (p.row, p.directorate, p.pi_code, p.severity) == (5, "alpha", "PC01", "error")
        assert p.message == f"value does not meet the rule: {p.expected}"


def test_a_negative_count_numerator_and_denominator_are_each_reported_where_they_are():
    # Three cells break "a count of 0 or more", each in its own column; and -2 is above -3.
    found = check(("CT01", -1.0, -2.0, -3.0))
    assert sorted(found) == [
        (2, "Denominator", "-3", "a count of 0 or more"),
        (2, "Numerator", "-2", "a count of 0 or more"),
        (2, "Numerator", "-2", "a numerator not above the denominator"),
        (2, "Value", "-1", "a count of 0 or more"),
    ]
