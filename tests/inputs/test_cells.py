"""Reading a cell as a number: clear cases normalised with a warning, ambiguous ones errors."""

import datetime as dt

import pytest

from perflib.inputs.cells import DATE_EXPECTED, cell_text, parse_date, parse_number
from perflib.inputs.layout import DATE_TEXT_FORMATS


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


# --------------------------------------------------------------------------- dates ("Action due")
def test_a_date_from_a_date_cell_or_either_text_form():
    assert parse_date(dt.datetime(2024, 3, 31, 0, 0), DATE_TEXT_FORMATS).value == dt.date(2024, 3, 31)
    assert parse_date(dt.date(2024, 3, 31), DATE_TEXT_FORMATS).value == dt.date(2024, 3, 31)
    assert parse_date("31/03/2024", DATE_TEXT_FORMATS).value == dt.date(2024, 3, 31)
    assert parse_date(" 2024-03-31 ", DATE_TEXT_FORMATS).value == dt.date(2024, 3, 31)
    assert parse_date("1/4/2024", DATE_TEXT_FORMATS).value == dt.date(2024, 4, 1)  # day first, as in the UK
    assert parse_date(None, DATE_TEXT_FORMATS) == parse_date("  ", DATE_TEXT_FORMATS)
    assert parse_date(None, DATE_TEXT_FORMATS).value is None and parse_date(None, DATE_TEXT_FORMATS).error == ""


def test_what_is_not_a_date():
    for raw in ("31/02/2024", "March 2024", "2024/03/31", "03-31-2024", 45382, 45382.0, True):
        parsed = parse_date(raw, DATE_TEXT_FORMATS)
        assert parsed.value is None and parsed.error == DATE_EXPECTED, raw
