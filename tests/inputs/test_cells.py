"""Reading a cell as a number: clear cases normalised with a warning, ambiguous ones errors."""

import datetime as dt

import pytest

from perflib.inputs.cells import cell_text, parse_number


@pytest.mark.parametrize(
    "raw,value,warns",
    [
        (12, 12.0, False),
        (12.5, 12.5, False),
        (None, None, False),
        ("", None, False),
        ("12%", 12.0, True),
        (" 12.5 % ", 12.5, True),
        ("1,234", 1234.0, True),
        ("45.2", 45.2, True),
        ("0", 0.0, True),
    ],
)
def test_parse_number_clear_cases(raw, value, warns):
    parsed = parse_number(raw)
    assert parsed.value == value
    assert bool(parsed.warning) == warns
    assert parsed.error == ""


@pytest.mark.parametrize("raw", ["TBC", "#DIV/0!", "#N/A", "n/a", dt.date(2023, 12, 1), True, "1.2.3", "12,34"])
def test_parse_number_ambiguous_is_error(raw):
    parsed = parse_number(raw)
    assert parsed.value is None and parsed.error


def test_a_fraction_formatted_as_a_percentage_is_read_as_the_percentage_shown():
    from perflib.inputs.cells import ShownAsPercent

    parsed = parse_number(ShownAsPercent(0.044))
    assert parsed.value == 4.4  # 0.044 shown as 4.4% is 4.4, not 0.044
    assert parsed.warning == "0.044 is formatted as a percentage in Excel (4.4%); read as 4.4"


def test_a_formula_never_calculated_is_an_error_not_a_blank():
    from perflib.inputs.cells import Uncalculated

    parsed = parse_number(Uncalculated("=B2/C2*100"))
    assert parsed.value is None
    assert parsed.error == "a value: open and save the workbook in Excel so its formulas are calculated"
    assert cell_text(Uncalculated("=B2")) == ""


def test_a_value_linked_from_another_workbook_is_used_with_a_warning():
    from perflib.inputs.cells import Linked

    parsed = parse_number(Linked(60.0, "=[1]Sheet1!A1"))
    assert parsed.value == 60.0
    assert parsed.warning.startswith("the figure comes from a link to another workbook (=[1]Sheet1!A1)")
