"""scorecard.xlsx: the corporate scorecard as a formatted workbook beside scorecard.csv."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from perflib.core.config import load_config
from perflib.export import scorecard_xlsx as xlsx
from perflib.export.scorecard import SCORECARD_COLUMNS, write_scorecard_csv

CATALOGUE = ["AA01", "AA02", "AA03", "AA04", "AA05", "BB01", "BB02", "BB03", "BB04", "BB05"]
STATUSES = {"Green", "Amber", "Red", "Data only", "No data", "Not due"}


@pytest.fixture(scope="module")
def workbook(prepared, fixture_config, tmp_path_factory):
    """The fixture council's scorecard.xlsx for 2023-24 Q3, opened with openpyxl."""
    config = load_config(fixture_config)
    target = tmp_path_factory.mktemp("xlsx") / "scorecard.xlsx"
    xlsx.write_scorecard_xlsx(prepared.scorecard, target, config)
    return load_workbook(target)


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)]


def test_one_row_per_catalogue_pi_with_the_csv_columns(workbook):
    ws = workbook["Scorecard"]
    header, rows = _rows(ws)
    assert header == SCORECARD_COLUMNS
    assert [r["indicator_id"].value for r in rows] == CATALOGUE
    assert workbook.sheetnames == ["Scorecard", "Notes"]


def test_status_cells_carry_text_and_the_report_colour(workbook):
    _, rows = _rows(workbook["Scorecard"])
    colours = xlsx._css_colours()
    assert colours["Green"] == ("28A197", "000000") and colours["Red"] == ("C8102E", "FFFFFF")  # the palette
    counts: dict[str, int] = {}
    for r in rows:
        cell = r["status"]
        assert cell.value in STATUSES
        counts[cell.value] = counts.get(cell.value, 0) + 1
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb[-6:] == colours[cell.value][0]
        assert cell.font.color.rgb[-6:] == colours[cell.value][1] and cell.font.bold
    assert counts == {"Green": 2, "Amber": 3, "Red": 2, "Data only": 1, "No data": 1, "Not due": 1}


def test_header_frozen_and_filter_set(workbook):
    ws = workbook["Scorecard"]
    assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2")  # row 1 stays in view
    last = get_column_letter(len(SCORECARD_COLUMNS))
    assert ws.auto_filter.ref == f"A1:{last}{len(CATALOGUE) + 1}"
    assert all(c.font.bold for c in ws[1])
    assert ws.column_dimensions["B"].width >= 8 and ws.column_dimensions["C"].width > 20


def test_number_formats_follow_unit_and_decimals(workbook):
    _, rows = _rows(workbook["Scorecard"])
    by_code = {r["indicator_id"].value: r for r in rows}
    aa01 = by_code["AA01"]  # percent, 1 decimal, value 85.0 stored as 85 not 0.85
    assert aa01["value"].value == pytest.approx(85.0)
    assert aa01["value"].number_format == '#,##0.0"%"'
    assert aa01["target"].number_format == '#,##0.0"%"'
    assert by_code["AA02"]["value"].number_format == '#,##0" seconds"'
    counts = [r for r in rows if r["unit"].value == "count" and isinstance(r["value"].value, (int, float))]
    assert counts and all(r["value"].number_format == "#,##0" for r in counts)


def test_same_values_as_scorecard_csv(prepared, fixture_config, workbook, tmp_path):
    config = load_config(fixture_config)
    target = tmp_path / "scorecard.csv"
    write_scorecard_csv(prepared.scorecard, target, config)
    csv_rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    _, rows = _rows(workbook["Scorecard"])
    for c, x in zip(csv_rows, rows, strict=True):
        for col in SCORECARD_COLUMNS:
            v = x[col].value
            if c[col] == "":
                assert v is None, (c["indicator_id"], col, v)
            elif isinstance(v, (int, float)):
                assert float(c[col]) == pytest.approx(v), (c["indicator_id"], col)
            else:
                assert str(v) == c[col], (c["indicator_id"], col)


def test_small_counts_suppressed_and_formulas_neutralised(prepared, fixture_config, tmp_path):
    config = load_config(fixture_config)
    card = prepared.scorecard.copy()
    i = card.index[card["pi_code"] == "AA04"][0]
    card.loc[i, ["unit", "sensitive", "value", "quarter_value"]] = ["count", "yes", 3.0, 3.0]
    card.loc[i, "commentary"] = '=HYPERLINK("http://example.invalid","click")'
    card.loc[i, "corrective_action"] = "@SUM(A1:A9)"
    target = tmp_path / "scorecard.xlsx"
    xlsx.write_scorecard_xlsx(card, target, config)
    ws = load_workbook(target)["Scorecard"]
    _, rows = _rows(ws)
    row = next(r for r in rows if r["indicator_id"].value == "AA04")
    assert row["value"].value == "<5" and row["quarter_value"].value == "<5"
    assert row["commentary"].value.startswith("'=") and row["commentary"].data_type == "s"
    assert row["corrective_action"].value.startswith("'@")
    for r in ws.iter_rows():
        for cell in r:
            assert cell.data_type != "f", cell.coordinate


def test_notes_sheet_explains_and_says_illustrative(workbook):
    notes = workbook["Notes"]
    text = "\n".join(str(v) for row in notes.iter_rows(values_only=True) for v in row if v is not None)
    for column in SCORECARD_COLUMNS:
        assert column in text
    for word in ("Statuses", "Trends", "Suppression", "\u2191 Improving", "<5", "Test fixture data."):
        assert word in text
    assert "illustrative" in text.lower()


def test_notes_sheet_has_no_illustrative_notice_for_a_real_council(prepared, fixture_config, tmp_path):
    from dataclasses import replace

    config = replace(load_config(fixture_config), illustrative_notice="")
    target = tmp_path / "scorecard.xlsx"
    xlsx.write_scorecard_xlsx(prepared.scorecard, target, config)
    notes = load_workbook(target)["Notes"]
    text = " ".join(str(v) for row in notes.iter_rows(values_only=True) for v in row if v is not None)
    assert "illustrative" not in text.lower()
    assert "Testshire District Council" in text


def test_unit_number_format():
    assert xlsx.unit_number_format("percent", 1) == '#,##0.0"%"'
    assert xlsx.unit_number_format("percent", 0) == '#,##0"%"'
    assert xlsx.unit_number_format("count", 0) == "#,##0"
    assert xlsx.unit_number_format("number", 2) == "#,##0.00"
    assert xlsx.unit_number_format("days", 1) == '#,##0.0" days"'


def test_same_scorecard_gives_the_same_bytes_dated_by_the_quarter(prepared, fixture_config, tmp_path, monkeypatch):
    import time
    import zipfile

    config = load_config(fixture_config)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    xlsx.write_scorecard_xlsx(prepared.scorecard, first, config)
    later = time.time() + 3 * 86400  # as if saved three days later
    monkeypatch.setattr(time, "time", lambda: later)
    xlsx.write_scorecard_xlsx(prepared.scorecard, second, config)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:  # 2023-24 Q3 ends on 31 December 2023
        assert {info.date_time for info in z.infolist()} == {(2023, 12, 31, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and "2023-12-31T00:00:00Z</dcterms:created>" in core
    assert "2023-12-31T00:00:00Z</dcterms:modified>" in core
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


def test_commentary_with_control_characters_or_over_excel_limit_is_written_with_a_note(
    prepared, fixture_config, tmp_path
):
    # The attack: a NUL and a control character in a CSV return's commentary stopped the whole run.
    config = load_config(fixture_config)
    card = prepared.scorecard.copy()
    i = card.index[card["pi_code"] == "AA04"][0]
    j = card.index[card["pi_code"] == "AA02"][0]
    card.loc[i, "commentary"] = "Busy\x00 quarter\x1b"
    card.loc[j, "commentary"] = "z" * 40_000
    target = tmp_path / "scorecard.xlsx"
    xlsx.write_scorecard_xlsx(card, target, config)
    _, rows = _rows(load_workbook(target)["Scorecard"])
    by_code = {r["indicator_id"].value: r for r in rows}
    assert by_code["AA04"]["commentary"].value == ("Busy quarter [2 control characters that Excel cannot hold removed]")
    long = by_code["AA02"]["commentary"].value
    assert len(long) == 32_767 and long.endswith("to fit an Excel cell; the full text is in the CSV]")


def test_action_due_is_an_excel_date_and_the_accountable_are_named(prepared, fixture_config, tmp_path):
    import datetime as dt

    card = prepared.scorecard.copy()
    aa01 = card["pi_code"].eq("AA01")
    card.loc[aa01, "planned_action"] = "Open a second team"
    card.loc[aa01, "action_due"] = "2024-03-31"
    target = tmp_path / "scorecard.xlsx"
    xlsx.write_scorecard_xlsx(card, target, load_config(fixture_config))
    _, rows = _rows(load_workbook(target)["Scorecard"])
    first, second = rows[0], rows[1]
    assert first["action_due"].value == dt.datetime(2024, 3, 31) and first["action_due"].number_format == "yyyy-mm-dd"
    assert first["planned_action"].value == "Open a second team"
    assert first["lead_officer"].value == "Head of Alpha"
    assert first["portfolio_holder"].value == "Cabinet Member for Alpha"
    assert second["action_due"].value is None and second["planned_action"].value is None
