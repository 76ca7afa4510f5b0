"""Issue 18's "Must show", on a copy of the bundled sample, through the perflib command as an analyst runs it.

Run 1 breaks four returns at once, the ways the attack did: a percentage typed
the Excel way (0.044 formatted 0.0%), a sheet declaring a smaller range than it
holds, a formula saved without a calculated value, a CSV return with control
characters in its commentary, plus a file whose name is not UTF-8. Run 2: a
folder named like a return and another council's cover. Each run must publish.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import fixture_data
import pytest
from openpyxl import load_workbook

from perflib.core.paths import PROJECT_ROOT

pytestmark = pytest.mark.e2e
Q = "2023-24 Q3"


def _perflib(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perflib", *args, "--config", str(config)], capture_output=True, text=True
    )


def _rewrite(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, change(data) if info.filename == part else data)


def _row_of(ws, code: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def _indicators_part(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index("Indicators") + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


@pytest.fixture()
def sample(tmp_path):
    shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw")
    return fixture_data.sample_config(tmp_path, raw=tmp_path / "raw"), tmp_path / "raw" / "2023-24-Q3"


def _card(tmp_path: Path) -> dict[str, dict[str, str]]:
    path = tmp_path / "outputs" / "2023-24-Q3" / "scorecard.csv"
    return {r["indicator_id"]: r for r in csv.DictReader(open(path, encoding="utf-8"))}


def _quality(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(open(folder / "data_quality.csv", encoding="utf-8")))


def test_figures_read_as_meant_and_odd_files_never_stop_the_quarter(sample, tmp_path):
    config, folder = sample
    # 1. RF14 (percent, no numerator or denominator) typed as 0.044 in a cell formatted 0.0%
    wb = load_workbook(folder / "resources.xlsx")
    ws = wb["Indicators"]
    r = _row_of(ws, "RF14")
    value_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Value")
    ws.cell(r, value_col).value, ws.cell(r, value_col).number_format = 0.044, "0.0%"
    wb.save(folder / "resources.xlsx")
    # 2. place's Indicators sheet declares A1:J5 (Excel ignores it)
    place_before = load_workbook(folder / "place.xlsx", read_only=True, data_only=True)
    ws = place_before["Indicators"]
    ws.reset_dimensions()
    place_values = {row[0]: row[value_col - 1] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    place_before.close()
    _rewrite(
        folder / "place.xlsx",
        _indicators_part(folder / "place.xlsx"),
        lambda xml: (
            xml[: xml.index(b"<dimension ref=")]
            + b'<dimension ref="A1:J5"/>'
            + xml[xml.index(b"/>", xml.index(b"<dimension ref=")) + 2 :]
        ),
    )
    # 3. a formula with no calculated value in housing's CS17
    wb = load_workbook(folder / "housing.xlsx")
    ws = wb["Indicators"]
    ws.cell(_row_of(ws, "CS17"), value_col).value = "=10+2"
    wb.save(folder / "housing.xlsx")
    # 4. people's return as CSV, commentary holding control characters and a NUL
    wb = load_workbook(folder / "people.xlsx", read_only=True, data_only=True)
    rows = [list(row)[:10] for row in wb["Indicators"].iter_rows(values_only=True)]
    wb.close()
    rows[-1][8] = "Busy\x01 quarter\x00 \x1b[31m"
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in rows])
    (folder / "people.xlsx").unlink()
    # 5. a file whose name is not UTF-8
    with open(os.fsencode(folder) + b"/notes-caf\xe9.txt", "wb") as fh:
        fh.write(b"x")

    proc = _perflib(config, "run", "--quarter", Q)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "done; outputs in" in proc.stdout, proc.stdout + proc.stderr
    card = _card(tmp_path)
    assert float(card["RF14"]["value"]) == 4.4  # never 0.0
    for code, value in place_values.items():  # every PI of the sheet declaring A1:J5 keeps its value
        if code in card and value is not None and card[code]["status"] != "Not due":
            assert card[code]["quarter_value"] != "", code
    assert card["CS17"]["status"] == "No data"
    problems = _quality(tmp_path / "outputs" / "2023-24-Q3")
    percent = [p for p in problems if p["pi_code"] == "RF14" and "formatted as a percentage" in p["message"]]
    assert percent and percent[0]["file"].endswith("resources.xlsx") and percent[0]["severity"] == "warning"
    formula = [p for p in problems if "formulas are calculated" in p["message"]]
    assert formula and formula[0]["file"].endswith("housing.xlsx") and formula[0]["column"] == "Value"
    assert formula[0]["severity"] == "error" and formula[0]["row"] != ""
    assert any("caf\ufffd" in p["file"] for p in problems)
    for p in problems:  # no cell a spreadsheet would run
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in p.values()), p
    people = load_workbook(tmp_path / "outputs" / "2023-24-Q3" / "scorecard.xlsx")["Scorecard"]
    texts = [c.value for row in people.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("control characters that Excel cannot hold removed" in t for t in texts)


def test_a_folder_named_like_a_return_and_another_councils_cover(sample, tmp_path):
    config, folder = sample
    (folder / "people.xlsx").unlink()
    (folder / "people.xlsx").mkdir()
    wb = load_workbook(folder / "place.xlsx")
    wb["Cover"]["B1"] = "Otherton Borough Council"
    wb.save(folder / "place.xlsx")
    published = tmp_path / "outputs" / "2023-24-Q3"

    proc = _perflib(config, "validate", "--quarter", Q)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert not published.exists()  # validate never writes into the published folder
    problems = _quality(tmp_path / "outputs" / ".checks" / "2023-24-Q3")
    council = [p for p in problems if p["column"] == "Council"]
    assert council[0]["file"].endswith("place.xlsx") and council[0]["row"] == "1"
    assert council[0]["message"] == "the cover names another council (another council's return?)"
    folder_problem = [p for p in problems if p["file"].endswith("people.xlsx")]
    assert folder_problem[0]["message"] == "this is a folder, not a file; it was not read"

    proc = _perflib(config, "run", "--quarter", Q)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "done; outputs in" in proc.stdout, proc.stdout + proc.stderr
    before = {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()}
    proc = _perflib(config, "validate", "--quarter", Q)
    assert {p.name: p.read_bytes() for p in published.iterdir() if p.is_file()} == before
    assert _perflib(config, "verify", "--quarter", Q).returncode == 0
