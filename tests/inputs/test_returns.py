"""Loading returns: normalising clear cases, locating every problem."""

import os

from openpyxl import load_workbook

from perflib.core.quarters import Quarter
from perflib.inputs.returns import available_quarters

Q3 = Quarter.parse("2023-24 Q3")


def test_fixture_quarter_loads_clean(fixture_config, load_q3):
    cfg, ret = load_q3(fixture_config)
    assert [p for p in ret.problems if p.severity == "error"] == []
    assert ret.receipts["state"].tolist() == ["received", "received"]
    assert len(ret.indicators) == 9  # 5 alpha + 4 beta rows in the Q3 fixture
    assert available_quarters(cfg) == [
        Quarter.parse(q) for q in ("2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3")
    ]


def test_missing_return_is_a_warning_naming_the_directorate(fresh_fixture, load_q3):
    (fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx").unlink()
    _, ret = load_q3(fresh_fixture)
    assert ret.receipts.set_index("directorate").loc["beta", "state"] == "missing"
    missing = [p for p in ret.problems if p.directorate == "beta"]
    assert missing and missing[0].severity == "warning" and "Beta Services" in missing[0].message


def test_truncated_workbook_is_an_error_naming_the_file(fresh_fixture, load_q3):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _, ret = load_q3(fresh_fixture)
    errors = [p for p in ret.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].file.endswith("2023-24-Q3/alpha.xlsx")
    assert "truncated or corrupt" in errors[0].message
    assert ret.receipts.set_index("directorate").loc["alpha", "state"] == "rejected"


def test_cell_problems_are_located_and_rows_rejected(fresh_fixture, load_q3):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    wb = load_workbook(path)
    ws = wb["Indicators"]
    # row 2 is AA01: value "TBC"; row 3 is AA02: "60%" typed as text; row 6 AA05: numerator above denominator
    ws["F2"] = "TBC"
    ws["F3"] = "60%"
    ws["F6"], ws["G6"], ws["H6"] = 120.0, 12, 10
    wb.save(path)
    _, ret = load_q3(fresh_fixture)
    by_row = {(p.row, p.column): p for p in ret.problems}
    assert by_row[(2, "Value")].severity == "error" and by_row[(2, "Value")].value == "TBC"
    assert by_row[(3, "Value")].severity == "warning"
    rows = ret.indicators.set_index("pi_code")
    assert rows.loc["AA01", "rejected"]
    assert not rows.loc["AA02", "rejected"] and rows.loc["AA02", "value"] == 60.0
    assert rows.loc["AA05", "rejected"]
    assert any(p.row == 6 and "numerator not above" in p.expected for p in ret.problems)


def test_duplicate_rows_are_errors(fresh_fixture, load_q3):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    wb = load_workbook(path)
    ws = wb["Indicators"]
    ws.append([c.value for c in ws[2]])
    wb.save(path)
    _, ret = load_q3(fresh_fixture)
    dupes = [p for p in ret.problems if "more than once" in p.expected]
    assert {p.row for p in dupes} == {2, ws.max_row}


def test_loading_never_modifies_the_raw_file(fresh_fixture, load_q3):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    before = path.read_bytes()
    load_q3(fresh_fixture)
    assert path.read_bytes() == before


def test_a_folder_named_like_a_return_is_unusable_not_a_crash(fresh_fixture, load_q3):
    folder = fresh_fixture.parent / "raw" / "2023-24-Q3"
    (folder / "alpha.xlsx").unlink()
    (folder / "alpha.xlsx").mkdir()
    _, ret = load_q3(fresh_fixture)
    receipts = ret.receipts.set_index("directorate")
    assert receipts.loc["alpha", "state"] == "rejected"
    assert receipts.loc["alpha", "detail"] == "this is a folder, not a file; it was not read"
    assert receipts.loc["beta", "state"] == "received"


def test_a_return_saved_as_xlsm_says_how_to_save_it(fresh_fixture, load_q3):
    folder = fresh_fixture.parent / "raw" / "2023-24-Q3"
    (folder / "alpha.xlsx").rename(folder / "alpha.xlsm")
    _, ret = load_q3(fresh_fixture)
    [p] = [p for p in ret.problems if p.directorate == "alpha"]
    assert p.severity == "error" and p.file.endswith("alpha.xlsm")
    assert p.message.startswith("the return is saved as a macro-enabled workbook (.xlsm)")
    assert "return not received" not in ret.receipts.set_index("directorate").loc["alpha", "detail"]


def test_a_file_name_that_is_not_utf8_is_listed_readably(fresh_fixture, load_q3):
    folder = fresh_fixture.parent / "raw" / "2023-24-Q3"
    with open(os.fsencode(folder) + b"/caf\xe9.xlsx", "wb") as fh:
        fh.write(b"x")
    _, ret = load_q3(fresh_fixture)
    [p] = [p for p in ret.problems if "caf" in p.file]
    assert p.file.endswith("caf\ufffd.xlsx")
    p.file.encode("utf-8")  # printable and savable


def test_a_returns_folder_spelt_with_a_space_is_read(fresh_fixture, load_q3):
    raw = fresh_fixture.parent / "raw"
    (raw / "2023-24-Q3").rename(raw / "2023-24 Q3")
    cfg, ret = load_q3(fresh_fixture)
    assert ret.receipts["state"].tolist() == ["received", "received"]
    assert Q3 in available_quarters(cfg)
