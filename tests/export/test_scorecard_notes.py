"""The Notes sheet of scorecard.xlsx: title, then what every column, status and arrow means."""

from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import Workbook

from perflib.core.config import load_config
from perflib.core.methodology import Suppression
from perflib.export.scorecard import SCORECARD_COLUMNS
from perflib.export.scorecard_notes import write_notes

COLOURS = {"Green": ("CCE8DC", "00532F"), "Red": ("F7D0C0", "8A1F00")}
FRAME = pd.DataFrame({"period": ["2023-24 Q3"] * 3, "indicator_id": ["AA01", "AA02", "AA03"]})


@pytest.fixture(scope="module")
def config(fixture_config):
    return load_config(fixture_config)


def _notes(config, frame=FRAME, colours=COLOURS):
    ws = Workbook().active
    write_notes(ws, frame, config, colours)
    return ws


def _rows(ws):
    """(row number, column A, column B) for every row with something in it."""
    return [
        (r[0].row, r[0].value, r[1].value if len(r) > 1 else None)
        for r in ws.iter_rows(max_col=2)
        if any(c.value is not None for c in r)
    ]


def _section(ws, heading):
    """The rows under a heading, up to the next heading."""
    rows = _rows(ws)
    start = next(i for i, (_, a, _) in enumerate(rows) if a == heading)
    out = []
    for row, a, b in rows[start + 1 :]:
        if ws.cell(row=row, column=1).font.sz == 13:
            break
        out.append((a, b))
    return out


def test_title_names_the_quarter_and_council_and_says_illustrative(config):
    ws = _notes(config)
    assert ws["A1"].value == "Corporate scorecard: 2023-24 Q3, Testshire District Council"
    assert ws["A1"].font.b and ws["A1"].font.sz == 15
    assert ws["A2"].value == "Illustrative data"
    assert ws["B2"].value == (
        "Test fixture data. These figures are illustrative: they do not describe any real council's performance."
    )
    assert ws["B3"].value.startswith("One row per Performance Indicator in the catalogue (3 in all)")


def test_no_illustrative_row_for_a_real_council_and_no_quarter_when_empty(config):
    ws = _notes(replace(config, illustrative_notice=""), frame=FRAME.iloc[0:0])
    assert ws["A1"].value == "Corporate scorecard, Testshire District Council"
    assert "Illustrative data" not in [a for _, a, _ in _rows(ws)]
    assert ws["B2"].value.startswith("One row per Performance Indicator in the catalogue (0 in all)")


def test_headings_in_order(config):
    ws = _notes(config)
    headings = [a for row, a, _ in _rows(ws) if ws.cell(row=row, column=1).font.sz == 13]
    assert headings == ["Columns", "Statuses", "Trends", "Suppression", "Formulas"]
    for row, a, _ in _rows(ws):
        if a in headings:
            assert ws.cell(row=row - 1, column=1).value is None  # a blank row before each heading


def test_every_column_in_order_with_its_meaning(config):
    rows = _section(_notes(config), "Columns")
    assert rows[0] == ("Column", "Meaning")
    assert [a for a, _ in rows[1:]] == SCORECARD_COLUMNS
    unexplained = [a for a, b in rows[1:] if not b]
    assert unexplained == []
    meanings = dict(rows[1:])
    assert meanings["measure_type"].startswith("What the value means: in quarter")
    assert "2.66" in meanings["spc_ucl"] and "2.66" in meanings["spc_lcl"]  # the SPC limit, as in methodology.md
    assert "1 best to 4 worst" in meanings["benchmark_quartile"]


def test_statuses_in_words_with_the_report_colours(config):
    ws = _notes(config)
    rows = _section(ws, "Statuses")
    assert rows[0][1].startswith("The status cell always carries the status in words")
    assert rows[1:] == [
        ("Green", "On or better than target."),
        ("Amber", "Missed target, but within the amber tolerance."),
        ("Red", "Missed target by more than the amber tolerance."),
        ("Data only", "Reported for information; no target is set."),
        ("No data", "Due this quarter but no usable figure; status_reason says why."),
        ("Not due", "Annual or biennial PI that reports in another quarter; last_value shows its last figure."),
    ]
    cells = {c.value: c for c in ws["A"] if c.value in ("Green", "Red", "Amber")}
    assert cells["Green"].fill.fgColor.rgb[-6:] == "CCE8DC" and cells["Green"].font.color.rgb[-6:] == "00532F"
    assert cells["Red"].fill.fgColor.rgb[-6:] == "F7D0C0" and cells["Red"].font.b
    assert cells["Amber"].fill.fill_type is None  # no colour given for it: words only


def test_trends_with_their_arrows(config):
    rows = _section(_notes(config), "Trends")
    assert rows[0][1].startswith("short_trend compares with the previous reported period")
    assert rows[1:] == [
        ("\u2191 Improving", "Better than the comparison period, by more than the materiality threshold."),
        ("\u2193 Declining", "Worse than the comparison period, by more than the materiality threshold."),
        ("\u2192 No change", "Within the materiality threshold of the comparison period."),
        (
            "\u2013 Not comparable",
            "No figure this period, or none in an earlier period within reach (a missing figure is never read as 0).",
        ),
    ]


@pytest.mark.parametrize(
    "min_count,shown",
    [
        (5, "from 1 to 4 could identify someone and are shown as <5"),
        (10, "from 1 to 9 could identify someone and are shown as <10"),
    ],
)
def test_suppression_states_the_councils_threshold(config, min_count, shown):
    rule = Suppression(min_count=min_count, min_denominator=10)
    ws = _notes(replace(config, methodology=replace(config.methodology, suppression=rule)))
    ((_, text),) = _section(ws, "Suppression")
    assert shown in text
    assert "Zero is shown. The status is worked out on the true figure." in text


def test_formulas_and_number_formats_and_no_cell_is_a_formula(config):
    ws = _notes(config)
    rows = _section(ws, "Formulas")
    assert rows[0][1].startswith("No cell is a formula.")
    assert rows[1][0] == "Number formats" and "63.5 means 63.5%" in rows[1][1]
    assert all(c.data_type == "s" for r in ws.iter_rows() for c in r if c.value is not None)
    assert ws.column_dimensions["A"].width == 26 and ws.column_dimensions["B"].width == 100
