"""SPC charts carry alt text with their numbers."""

from __future__ import annotations

import pytest

from perflib.rules import spc_panel

HIGHER, LOWER, RANGE = "higher", "lower", "range"
# --------------------------------------------------------------------------- the sample
REPORT = "2023-24 Q3"


@pytest.fixture(scope="module")
def sample():
    from perflib.build.prepared import prepare_quarter

    return prepare_quarter(REPORT)


# --------------------------------------------------------------------------- chart
def test_spc_chart_has_alt_text_with_the_numbers(sample):
    from perflib.report.charts import Figure
    from perflib.report.spc_charts import spc_chart

    qi = int(sample.scorecard["quarter_index"].iloc[0])
    points = spc_panel.spc_points(sample.panel, qi)
    rf01 = points[points["pi_code"].eq("RF01")]
    fig = spc_chart(rf01, "RF01 Average time to answer calls", unit="seconds", decimals=0, direction="lower")
    assert isinstance(fig, Figure) and fig.png.startswith(b"\x89PNG")
    summary = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF01"]
    assert f"mean {summary['mean']:,.0f} seconds" in fig.alt
    assert f"{summary['lcl']:,.0f} seconds to {summary['ucl']:,.0f} seconds" in fig.alt
    assert "237 seconds in 2023-24 Q3" in fig.alt
    assert summary["spc_variation"] in fig.alt and summary["spc_assurance"].lower() in fig.alt.lower()
    few = spc_chart(points[points["pi_code"].eq("RF11")], "RF11", unit="percent", decimals=0, direction="higher")
    assert "Too few points" in few.alt
