"""The year to date of cumulative PIs: counts added up, rates pooled, incomplete when a quarter is missing."""

import numpy as np
import pandas as pd
import pytest

from perflib.rules.year_to_date import year_to_date

NAN = np.nan
COLUMNS = ["pi_code", "fy_start", "q", "measure_type", "denominator_label", "quarter_value", "numerator", "denominator"]


def count(code, fy, q, value, measure="cumulative"):
    return (code, fy, q, measure, None, value, NAN, NAN)


def rate(code, fy, q, num, den, value=NAN):
    return (code, fy, q, "cumulative", "Tonnes collected", value, num, den)


def ytd(*rows, index=None):
    panel = pd.DataFrame(list(rows), columns=COLUMNS, index=index)
    return year_to_date(panel)


def test_a_cumulative_count_is_added_up_and_restarts_each_year():
    # Residents helped into work: 90, 100, 95 -> 90, 190, 285; then 80 in the next year's Q1.
    out = ytd(count("AA04", 2023, 1, 90), count("AA04", 2023, 2, 100), count("AA04", 2023, 3, 95),
              count("AA04", 2024, 1, 80))  # fmt: skip
    assert out["ytd"].tolist() == [90, 190, 285, 80]
    assert out["complete"].tolist() == [True] * 4
    assert out["missing_q"].tolist() == [99] * 4
    assert out["ytd_numerator"].isna().all() and out["ytd_denominator"].isna().all()  # counts are not pooled


def test_a_rate_is_pooled_not_averaged():
    # methodology.md: 400/1,000, 450/1,000, 380/1,000 -> Q3 year to date 100 x 1,230 / 3,000 = 41.0
    out = ytd(rate("BB01", 2023, 1, 400, 1000), rate("BB01", 2023, 2, 450, 1000), rate("BB01", 2023, 3, 380, 1000))
    assert out["ytd"].tolist() == pytest.approx([40.0, 42.5, 41.0])  # Q2: 850 / 2,000
    assert out["ytd_numerator"].tolist() == [400, 850, 1230]
    assert out["ytd_denominator"].tolist() == [1000, 2000, 3000]


def test_pooling_weights_each_quarter_by_its_denominator():
    # 30 of 100 (30%) then 90 of 200 (45%): pooled 120 / 300 = 40.0%, not the average 37.5%
    out = ytd(rate("BB01", 2023, 1, 30, 100, 30.0), rate("BB01", 2023, 2, 90, 200, 45.0))
    assert out["ytd"].iloc[1] == pytest.approx(40.0)


def test_a_missing_quarter_makes_the_rest_of_the_year_incomplete_and_is_named():
    # 90, (nothing), 95: Q2 and Q3 have no year to date; the quarter missing is Q2.
    out = ytd(count("AA04", 2023, 1, 90), count("AA04", 2023, 2, NAN), count("AA04", 2023, 3, 95),
              count("AA04", 2024, 1, 70))  # fmt: skip
    assert out["ytd"].tolist()[:3] == [90, pytest.approx(NAN, nan_ok=True), pytest.approx(NAN, nan_ok=True)]
    assert out["complete"].tolist() == [True, False, False, True]  # the next year starts afresh
    assert out["missing_q"].tolist() == [99, 2, 2, 99]
    assert out["ytd"].iloc[3] == 70


def test_a_rate_needs_both_numerator_and_denominator_every_quarter():
    # Q1 gave its percentage but no numerator: the pool cannot be made for any quarter of the year.
    out = ytd(
        rate("BB01", 2023, 1, NAN, 1000, 40.0), rate("BB01", 2023, 2, 450, 1000), rate("BB01", 2023, 3, 380, 1000)
    )
    assert out["ytd"].isna().all() and out["ytd_numerator"].isna().all() and out["ytd_denominator"].isna().all()
    assert out["complete"].tolist() == [False] * 3
    assert out["missing_q"].tolist() == [1, 1, 1]


def test_history_starting_mid_year_names_the_first_quarter_missing():
    # The panel starts at 2022-23 Q3 (the first returns folder): Q1 and Q2 of that year have no figure,
    # so the year to date is incomplete and the first quarter without one is Q1.
    out = ytd(count("AA04", 2022, 3, 90), count("AA04", 2022, 4, 100), count("AA04", 2023, 1, 90))
    assert out["complete"].tolist() == [False, False, True]
    assert out["missing_q"].tolist() == [1, 1, 99]
    assert out["ytd"].isna().tolist() == [True, True, False]


def test_pis_that_are_not_cumulative_have_no_year_to_date():
    out = ytd(count("BB02", 2023, 1, 110, "in_quarter"), count("BB02", 2023, 2, 100, "snapshot"))
    assert out["ytd"].isna().all()
    assert out["complete"].tolist() == [True, True]


def test_pis_are_kept_apart_and_the_index_is_kept():
    out = ytd(
        count("AA04", 2023, 1, 90),
        count("AA04", 2023, 2, 100),
        rate("BB01", 2023, 1, 400, 1000),
        rate("BB01", 2023, 2, 450, 1000),
        index=[10, 11, 20, 21],
    )
    assert out.index.tolist() == [10, 11, 20, 21]
    assert out["ytd"].tolist() == pytest.approx([90, 190, 40.0, 42.5])


def test_a_year_with_no_denominator_gives_no_rate():
    # 0 of 0 twice: complete, but 100 x 0 / 0 is no figure
    out = ytd(rate("BB01", 2023, 1, 0, 0), rate("BB01", 2023, 2, 0, 0))
    assert out["complete"].tolist() == [True, True]
    assert out["ytd"].isna().all()
