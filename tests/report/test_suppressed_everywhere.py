"""A small sensitive count is suppressed in every table, chart and export of the report."""

from openpyxl import load_workbook

from perflib.core.methodology import Suppression
from perflib.export.scorecard import scorecard_frame
from perflib.report.sections import Report
from perflib.workflow.cache import prepare

#: The sample's thresholds (data/methodology.yml): counts under 5, rates on fewer than 10 people.
RULE = Suppression(min_count=5, min_denominator=10)


def _sensitive_fixture(root):
    cat = root.parent / "catalogue" / "indicators.csv"
    cat.write_text(
        cat.read_text().replace(
            "BB02,Anti-social behaviour incidents,Incidents reported to the council,clean_safe,beta,lower,count,0,quarterly,,,in_quarter,,,no",
            "BB02,Anti-social behaviour incidents,Incidents reported to the council,clean_safe,beta,lower,count,0,quarterly,,,in_quarter,,,yes",
        )
    )
    path = root.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    wb = load_workbook(path)
    for row in wb["Indicators"].iter_rows(min_row=2):
        if row[0].value == "BB02":
            row[5].value = 3
    wb.save(path)


def test_small_sensitive_count_is_suppressed_everywhere(fresh_fixture):
    _sensitive_fixture(fresh_fixture)
    prepared = prepare("2023-24 Q3", fresh_fixture)
    card = prepared.scorecard.set_index("pi_code")
    assert card.loc["BB02", "value"] == 3  # processed data keeps the truth
    published = scorecard_frame(prepared.scorecard, RULE).set_index("indicator_id")
    assert published.loc["BB02", "value"] == "<5"
    assert published.loc["BB02", "quarter_value"] == "<5"
    assert published.loc["BB01", "value"] == 41.0  # others untouched
    report = Report("2023-24 Q3", fresh_fixture, prepared=prepared)
    html = report.priority("clean_safe").html
    row = html[html.index(">BB02<") :]
    row = row[: row.index("</tr>")]
    assert "&lt;5" in row and ">3<" not in row
    assert "Not shown (small numbers)" in row
    assert "Data only" in row  # status still shown
