"""The year panel beside a PI's chart: what it holds, its alt text, and when it is not drawn."""

from __future__ import annotations

import numpy as np
import pandas as pd
from forecast_frames import panel, pi

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.report import charts
from perflib.report.forecast_charts import alt_text, year_view
from perflib.report.forecast_text import Forecasts

# A cumulative count, 0 decimals: 2023-24 quarters 1,000, 1,200 and 1,300 so far, so the year to date
# is 1,000, 2,200 and 3,500 at Q1, Q2 and Q3.
SPEC = pi("NS15", "cumulative", "count", "higher", {2023: [1000, 1200, 1300]}, decimals=0, target=5000)


def forecast_card(**changes) -> pd.DataFrame:
    row = {
        "pi_code": "NS15",
        "title": "NHS Health Checks delivered",
        "unit": "count",
        "decimals": 0,
        "good_direction": "higher",
        "sensitive": "no",
        "measure_type": "cumulative",
        "value": 3500.0,
        "quarter_value": 1300.0,
        "forecast_outturn": 5766.0,
        "forecast_low": 5300.0,
        "forecast_high": 6100.0,
        "forecast_p_meet": 1.0,
        "forecast_method": "seasonal profile",
        "forecast_reason": "",
        "forecast_target": 5000.0,
        "forecast_target_upper": np.nan,
    }
    return pd.DataFrame([{**row, **changes}])


def view(quarter: str = "2023-24 Q3", **changes):
    card = forecast_card(**changes)
    f = Forecasts.of(card, Quarter.parse(quarter), load_config())
    return year_view(card.iloc[0].to_dict(), panel([SPEC], "2023-24 Q1", quarter), f)


def test_the_panel_holds_the_year_to_date_and_the_forecast():
    v = view()
    assert v.so_far == ((1, 1000.0), (2, 2200.0), (3, 3500.0))
    assert (v.outturn, v.low, v.high, v.target) == (5766.0, 5300.0, 6100.0, 5000.0)
    assert not v.actual and v.words == "very likely to meet" and v.chance == "more than 95%"


def test_alt_text_states_the_numbers():
    assert alt_text(view()) == (
        " Beside it, 2023-24 so far (year to date): 1,000 at Q1, 2,200 at Q2, 3,500 at Q3. Forecast year-end "
        "outturn 5,766, 80% interval 5,300 to 6,100, against the year-end target of 5,000: very likely to meet "
        "(more than 95% chance of meeting it)."
    )
    assert alt_text(None) == ""


def test_no_panel_without_a_forecast_or_with_hidden_figures():
    assert view(forecast_method="No forecast", forecast_outturn=np.nan, forecast_p_meet=np.nan) is None
    # a count of people whose history holds a hidden figure: its forecast figures are [c], no panel
    assert view(sensitive="yes", series_suppressed=True) is None


def test_the_chart_over_time_gains_the_panel_and_its_alt_text():
    history = pd.DataFrame(
        {
            "quarter": ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3"],
            "value": [1000.0, 2200.0, 3500.0],
            "target": [1250.0, 2500.0, 3750.0],
            "target_upper": [np.nan] * 3,
            "status": ["Amber", "Amber", "Amber"],
        }
    )
    plain = charts.series_chart(history, "NS15 NHS Health Checks delivered", "count", 0, "Year to date")
    with_year = charts.series_chart(
        history, "NS15 NHS Health Checks delivered", "count", 0, "Year to date", year=view()
    )
    assert "Beside it" not in plain.alt
    assert with_year.alt == plain.alt + alt_text(view())
    assert with_year.png.startswith(b"\x89PNG") and with_year.png != plain.png


def test_a_q4_panel_shows_the_outturn_not_a_forecast():
    # at Q4 the year to date is 1,000, 2,200, 3,500 and 5,100: the outturn 5,100 met the 5,000
    spec = pi("NS15", "cumulative", "count", "higher", {2023: [1000, 1200, 1300, 1600]}, decimals=0, target=5000)
    card = forecast_card(
        forecast_method="actual",
        forecast_outturn=5100.0,
        forecast_low=5100.0,
        forecast_high=5100.0,
        value=5100.0,
        quarter_value=1600.0,
    )
    f = Forecasts.of(card, Quarter.parse("2023-24 Q4"), load_config())
    v = year_view(card.iloc[0].to_dict(), panel([spec], "2023-24 Q1", "2023-24 Q4"), f)
    assert v.actual and v.so_far[-1] == (4, 5100.0)
    assert alt_text(v) == (
        " Beside it, 2023-24 by quarter (year to date): 1,000 at Q1, 2,200 at Q2, 3,500 at Q3, 5,100 at Q4. "
        "The year's outturn, 5,100, met the year-end target of 5,000."
    )


def test_the_services_own_forecast_is_drawn_and_said():
    v = view(service_forecast=5600.0)
    assert v.service == 5600.0
    assert alt_text(v).endswith("(more than 95% chance of meeting it). The service's own forecast is 5,600.")
