"""Reading a cell as a number: clear cases normalised with a warning, ambiguous ones errors."""

import datetime as dt

import pytest

from perflib.inputs.cells import parse_number


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
