import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perflib.core.quarters import Quarter, QuarterError, fy_label, fy_start, quarter_range


@pytest.mark.parametrize("text", ["2023-24 Q3", "2023/24 Q3", "2023-24-Q3", " 2023-24 q3 "])
def test_accepted_forms(text):
    assert Quarter.parse(text) == Quarter(2023, 3)


@pytest.mark.parametrize("text", ["2023 Q3", "2023-25 Q3", "2023-24 Q5", "Q3 2023-24", "", "2023-24"])
def test_rejected_forms_name_the_accepted_ones(text):
    with pytest.raises(QuarterError, match="2023-24"):
        Quarter.parse(text)


def test_labels_and_dates():
    q = Quarter.parse("2023-24 Q3")
    assert q.label == "2023-24 Q3"
    assert q.slug == "2023-24-Q3"
    assert q.financial_year == "2023-24"
    assert q.start_date == dt.date(2023, 10, 1)
    assert q.end_date == dt.date(2023, 12, 31)
    assert Quarter.parse("2023-24 Q4").end_date == dt.date(2024, 3, 31)
    assert Quarter.parse("2023-24 Q1").start_date == dt.date(2023, 4, 1)
    assert Quarter.parse("1999-00 Q1").financial_year == "1999-00"


def test_arithmetic_crosses_year_end():
    assert Quarter.parse("2023-24 Q4") + 1 == Quarter.parse("2024-25 Q1")
    assert Quarter.parse("2024-25 Q1") - 1 == Quarter.parse("2023-24 Q4")
    assert len(quarter_range(Quarter.parse("2019-20 Q1"), Quarter.parse("2023-24 Q3"))) == 19


def test_fy_helpers():
    assert fy_label(2023) == "2023-24"
    assert fy_start("2023-24") == 2023
    with pytest.raises(QuarterError):
        fy_start("2023-25")


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=4))
def test_parse_roundtrip(year, q):
    quarter = Quarter(year, q)
    assert Quarter.parse(quarter.label) == quarter
    assert Quarter.parse(quarter.slug) == quarter
    assert Quarter.from_index(quarter.index) == quarter
