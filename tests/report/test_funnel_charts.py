"""The funnel chart's alt text states the numbers a reader would take from the chart.

Worked example 1 (tests/rules/test_funnel_limits.py): p0 = 30%; the council 20 of
100; at n = 100 the 95% limits are 21.018% to 38.982% and the 99.8% limits
15.840% to 44.160%; z = -2.182. Example 2 with over-dispersion: phi = 356/21 = 16.95.
"""

from __future__ import annotations

import pandas as pd

from perflib.report.funnel_charts import coverage_text, funnel_alt_text, funnel_chart
from perflib.rules.comparator_method import comparator_method
from perflib.rules.funnel import funnel_plot

METHOD = comparator_method()


def group(numerators, denominators, codes="OWN B C D E"):
    names = codes.split()
    return pd.DataFrame(
        {
            "area_code": names,
            "area_name": ["Ourtown" if c == "OWN" else f"Area {c}" for c in names],
            "numerator": [float(n) for n in numerators],
            "denominator": [float(d) for d in denominators],
        }
    )


EXAMPLE_1 = group([20, 60, 120, 40, 60], [100, 200, 400, 100, 200])
EXAMPLE_2 = group([200, 250, 300, 350, 400], [1000] * 5, "A B C D OWN")


def test_coverage_text():
    assert (coverage_text(1.960), coverage_text(3.090), coverage_text(2.0)) == ("95%", "99.8%", "95.4%")


def test_alt_text_states_the_numbers():
    plot = funnel_plot(EXAMPLE_1, "OWN", "higher", METHOD)
    text = funnel_alt_text(plot, "XX01 Plans within 20 weeks", "Test group", "calendar year 2022", 1)
    assert text == (
        "Funnel plot of XX01 Plans within 20 weeks, calendar year 2022: the rate of each of 5 areas in Test group "
        "against its number of cases. Centre line: the group's pooled rate, 30.0%. Ourtown: 20.0% (20 of 100); at "
        "that size the 95% limits are 21.0% to 39.0% and the 99.8% limits 15.8% to 44.2%, so Ourtown is similar "
        "to the group (z = -2.18). 0 areas lie above the upper 99.8% limit and 0 below the lower."
    )


def test_alt_text_says_when_the_limits_are_widened_and_when_there_is_no_label():
    plot = funnel_plot(EXAMPLE_2, "OWN", "range", METHOD, overdispersion=True)
    text = funnel_alt_text(plot, "T", "G", "2022", 1)
    assert "no better or worse label" in text and text.endswith(
        "The limits are widened for over-dispersion (phi = 16.95)."
    )
    plain = funnel_alt_text(funnel_plot(EXAMPLE_2, "OWN", "higher", METHOD), "T", "G", "2022", 1)
    # 350 and 400 of 1000 lie above the upper 99.8% limit (z 3.45 and 6.90), 200 and 250 below
    assert "Ourtown is better than the group (z = 6.90). 2 areas lie above the upper 99.8% limit and 2 below" in plain


def test_chart_is_a_png_with_caption():
    fig = funnel_chart(funnel_plot(EXAMPLE_1, "OWN", "higher", METHOD), "XX01 T", "Plans", "Test group", "2022", 1)
    assert fig.png.startswith(b"\x89PNG") and fig.caption == "XX01 T: funnel plot against Test group, 2022"
    assert fig.alt.startswith("Funnel plot of XX01 T, 2022:")
