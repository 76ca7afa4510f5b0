"""The report's words for the year end: likelihood, chance, the key challenge line and the summary sentence.

Expected sentences are written out by hand from the rules in docs/methodology.md section 10.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.report.forecast_text import Forecasts, chance, likelihood, target_phrase

CUTS = (0.1, 0.4, 0.6, 0.9)


@pytest.mark.parametrize(
    "p,words",
    [
        (0.0, "very likely to miss"),
        (0.1, "very likely to miss"),  # on the cut: still very likely to miss (symmetric with 0.9)
        (0.11, "likely to miss"),
        (0.2, "likely to miss"),  # the example
        (0.399, "likely to miss"),
        (0.4, "as likely to meet as to miss"),
        (0.5, "as likely to meet as to miss"),
        (0.6, "as likely to meet as to miss"),
        (0.601, "likely to meet"),
        (0.899, "likely to meet"),
        (0.9, "very likely to meet"),
        (1.0, "very likely to meet"),
    ],
)
def test_likelihood_words_and_their_edges(p, words):
    assert likelihood(p, CUTS) == words


@pytest.mark.parametrize(
    "p,text",
    [
        (0.2, "20%"),
        (0.125, "13%"),  # 12.5 rounds half up
        (0.05, "5%"),
        (0.049, "less than 5%"),  # finer than 1 in 20 earlier errors can tell
        (0.0, "less than 5%"),
        (0.95, "95%"),
        (0.951, "more than 95%"),
        (1.0, "more than 95%"),
        (0.495, "49%"),  # below 50%: never printed as 50% (the summary names it as below 50%)
        (0.5, "50%"),
    ],
)
def test_chance_as_people_read_it(p, text):
    assert chance(p) == text


def test_target_phrase_by_direction():
    base = {"unit": "percent", "decimals": 1, "forecast_target": 90.0, "forecast_target_upper": np.nan}
    assert target_phrase({**base, "good_direction": "higher"}) == "reaching 90.0%"
    assert target_phrase({**base, "good_direction": "lower"}) == "ending at 90.0% or below"
    band = {**base, "good_direction": "range", "forecast_target": 8.0, "forecast_target_upper": 12.0}
    assert target_phrase(band) == "ending between 8.0% and 12.0%"


def card(rows: list[dict]) -> pd.DataFrame:
    base = {
        "title": "A PI",
        "unit": "percent",
        "decimals": 1,
        "good_direction": "higher",
        "sensitive": "no",
        "measure_type": "in_quarter",
        "value": 88.0,
        "quarter_value": 88.0,
        "forecast_outturn": np.nan,
        "forecast_low": np.nan,
        "forecast_high": np.nan,
        "forecast_p_meet": np.nan,
        "forecast_method": "No forecast",
        "forecast_reason": "",
        "forecast_target": 90.0,
        "forecast_target_upper": np.nan,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def forecasts(rows: list[dict], quarter: str = "2023-24 Q3") -> Forecasts:
    return Forecasts.of(card(rows), Quarter.parse(quarter), load_config())


PROFILE = {"forecast_method": "seasonal profile", "forecast_reason": ""}


def test_a_key_challenges_forecast_line_in_words_and_numbers():
    f = forecasts(
        [
            {
                "pi_code": "XX01",
                **PROFILE,
                "forecast_outturn": 88.9,
                "forecast_low": 87.6,
                "forecast_high": 90.1,
                "forecast_p_meet": 0.2,
            }
        ]
    )
    assert f.detail("XX01") == {
        "forecast_label": "Year-end forecast",
        "forecast_text": "Likely to miss: 20% chance of reaching 90.0%. Forecast outturn 88.9% (80% interval 87.6% "
        "to 90.1%).",
    }


def test_no_forecast_gives_the_reason_and_q4_gives_the_outturn():
    f = forecasts([{"pi_code": "AN01", "forecast_reason": "annual PI: no within-year figures"}])
    assert f.detail("AN01")["forecast_text"] == "No forecast: annual PI: no within-year figures."
    q4 = forecasts(
        [
            {
                "pi_code": "XX01",
                "forecast_method": "actual",
                "forecast_outturn": 89.5,
                "forecast_low": 89.5,
                "forecast_high": 89.5,
                "forecast_p_meet": 0.0,
            }
        ],
        "2023-24 Q4",
    )
    assert q4.detail("XX01") == {
        "forecast_label": "Year-end outturn",
        "forecast_text": "Missed the year-end target of 90.0%. Outturn 89.5%.",
    }
    # a range target at Q4, met on its upper edge; and a PI with no outturn says why under the same label
    band = forecasts(
        [
            {
                "pi_code": "RG01",
                "forecast_method": "actual",
                "good_direction": "range",
                "forecast_target": 8.0,
                "forecast_target_upper": 12.0,
                "forecast_outturn": 12.0,
                "forecast_low": 12.0,
                "forecast_high": 12.0,
                "forecast_p_meet": 1.0,
            },
            {"pi_code": "GP01", "forecast_reason": "no usable figure for 2023-24 Q2"},
        ],
        "2023-24 Q4",
    )
    assert band.detail("RG01")["forecast_text"] == "Met the year-end target range of 8.0% to 12.0%. Outturn 12.0%."
    assert band.detail("GP01") == {
        "forecast_label": "Year-end outturn",
        "forecast_text": "No year-end outturn: no usable figure for 2023-24 Q2.",
    }


def test_a_forecast_from_hidden_figures_shows_no_numbers():
    # a count of people whose history holds a hidden small number: the chance is shown (like a status),
    # the figures are not
    f = forecasts(
        [
            {
                "pi_code": "NS11",
                **PROFILE,
                "unit": "count",
                "decimals": 0,
                "sensitive": "yes",
                "good_direction": "lower",
                "value": 6.0,
                "quarter_value": 6.0,
                "forecast_outturn": 6.0,
                "forecast_low": 5.0,
                "forecast_high": 8.0,
                "forecast_p_meet": 0.0,
                "forecast_target": 3.0,
                "series_suppressed": True,
            }
        ]
    )
    assert f.detail("NS11")["forecast_text"] == (
        "Very likely to miss: less than 5% chance of ending at 3 or below. The forecast figures are not shown: the "
        "PI's figures include small numbers that could identify individuals."
    )


def test_the_summary_sentence_counts_and_names():
    # Hand count: three PIs with a forecast (20%, exactly 50%, 90%): two have a 50% chance or more; one has
    # less and is named. Two have none: one annual, one without a target.
    f = forecasts(
        [
            {
                "pi_code": "XX01",
                "title": "Calls",
                **PROFILE,
                "forecast_outturn": 88.0,
                "forecast_low": 87.0,
                "forecast_high": 89.0,
                "forecast_p_meet": 0.2,
            },
            {
                "pi_code": "XX02",
                "title": "Letters",
                **PROFILE,
                "forecast_outturn": 90.0,
                "forecast_low": 89.0,
                "forecast_high": 91.0,
                "forecast_p_meet": 0.5,
            },
            {
                "pi_code": "XX03",
                "title": "Emails",
                **PROFILE,
                "forecast_outturn": 92.0,
                "forecast_low": 90.5,
                "forecast_high": 93.0,
                "forecast_p_meet": 0.9,
            },
            {"pi_code": "XX04", "forecast_reason": "annual PI: no within-year figures"},
            {"pi_code": "XX05", "forecast_reason": "no target for 2023-24"},
        ]
    )
    assert f.headline() == (
        "Looking ahead to the year end: of 3 PIs with a forecast, 2 are forecast to meet their year-end target "
        "(a 50% chance or more) and 1 has less than a 50% chance: XX01 Calls (20%). 2 PIs have no forecast: "
        "1 annual or biennial, 1 with no target this year."
    )


def test_the_q4_summary_gives_outturns_not_forecasts():
    actual = {"forecast_method": "actual", "forecast_reason": ""}
    f = forecasts(
        [
            {"pi_code": "XX01", "title": "Calls", **actual, "forecast_outturn": 91.0, "forecast_p_meet": 1.0},
            {"pi_code": "XX02", "title": "Letters", **actual, "forecast_outturn": 80.0, "forecast_p_meet": 0.0},
            {"pi_code": "XX03", "forecast_reason": "no usable figure for 2023-24 Q2"},
        ],
        "2023-24 Q4",
    )
    assert f.headline() == (
        "At the year end, 1 of 2 PIs with a year-end outturn met their year-end target; 1 did not: XX02 Letters. "
        "1 PI has no year-end outturn: 1 with a quarter this year without a usable figure."
    )


def test_a_scorecard_without_forecast_columns_says_nothing():
    f = Forecasts.of(pd.DataFrame({"pi_code": ["XX01"], "title": ["A"]}), Quarter.parse("2023-24 Q3"), load_config())
    assert f.headline() == "" and f.detail("XX01") == {"forecast_label": "", "forecast_text": ""}


def test_the_method_note_states_the_settings():
    (text,) = forecasts([{"pi_code": "XX01"}]).method_notes()
    assert "last 3 complete years (at least 2 are needed)" in text and "80% interval" in text


def test_the_services_own_forecast_is_shown_beside_perflibs():
    f = forecasts(
        [
            {
                "pi_code": "XX01",
                **PROFILE,
                "forecast_outturn": 88.9,
                "forecast_low": 87.6,
                "forecast_high": 90.1,
                "forecast_p_meet": 0.2,
                "service_forecast": 90.5,
            }
        ]
    )
    assert f.detail("XX01")["forecast_text"] == (
        "Likely to miss: 20% chance of reaching 90.0%. Forecast outturn 88.9% (80% interval 87.6% to 90.1%). "
        "The service's own forecast: 90.5%."
    )
