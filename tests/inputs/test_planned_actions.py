"""The optional "Planned action" and "Action due" columns: read, dated, located when wrong (worked by hand).

The fixture's 2023-24 Q3 ends on 31/12/2023; its alpha return has AA01 to AA05 in rows 2 to 6.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.cells import DATE_EXPECTED
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")
LABELS = ("Planned action", "Action due")


def _with_planned(path, cells: dict[str, tuple[object, object]]) -> dict[str, int]:
    """Add the two columns to a return; PI code -> (planned action, due). Returns each PI's row."""
    wb = load_workbook(path)
    ws = wb[fmt.INDICATORS_SHEET]
    col = ws.max_column + 1
    ws.cell(row=1, column=col, value=LABELS[0])
    ws.cell(row=1, column=col + 1, value=LABELS[1])
    rows = {}
    for row in ws.iter_rows(min_row=2):
        code = row[0].value
        rows[code] = row[0].row
        if code in cells:
            planned, due = cells[code]
            ws.cell(row=row[0].row, column=col, value=planned)
            ws.cell(row=row[0].row, column=col + 1, value=due)
    wb.save(path)
    return rows


def _load(cfg_path):
    cfg = load_config(cfg_path)
    ret = load_quarter(cfg, load_catalogue(cfg), Q3)
    return ret.indicators.set_index("pi_code"), ret.problems


def _about_planned(problems):
    return [p for p in problems if p.column in LABELS]


def test_an_older_return_without_the_columns_loads_with_no_problem(fixture_config):
    ind, problems = _load(fixture_config)
    assert (ind["planned_action"] == "").all() and (ind["action_due"] == "").all()
    assert _about_planned(problems) == []


def test_dates_are_read_from_date_cells_and_both_text_forms(fresh_fixture):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    _with_planned(
        path,
        {
            "AA01": ("Recruit six advisers", dt.datetime(2024, 1, 31)),
            "AA02": ("Review the rota", "15/02/2024"),
            "AA04": (None, "2024-03-01"),
        },
    )
    ind, problems = _load(fresh_fixture)
    assert ind.loc["AA01", "planned_action"] == "Recruit six advisers"
    assert ind.loc["AA01", "action_due"] == "2024-01-31"
    assert ind.loc["AA02", "action_due"] == "2024-02-15"
    assert ind.loc["AA04", "planned_action"] == "" and ind.loc["AA04", "action_due"] == "2024-03-01"
    assert ind.loc["AA05", "planned_action"] == "" and ind.loc["AA05", "action_due"] == ""
    assert _about_planned(problems) == []


def test_a_bad_date_is_a_located_error_and_the_figure_is_still_used(fresh_fixture):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    rows = _with_planned(path, {"AA03": ("Exit interviews", "next month"), "AA02": ("Review", "31/02/2024")})
    ind, problems = _load(fresh_fixture)
    found = sorted((p.severity, p.pi_code, p.sheet, p.row, p.column, p.value, p.expected) for p in problems)
    found = [f for f in found if f[4] in LABELS]
    assert found == [
        ("error", "AA02", "Indicators", rows["AA02"], "Action due", "31/02/2024", DATE_EXPECTED),
        ("error", "AA03", "Indicators", rows["AA03"], "Action due", "next month", DATE_EXPECTED),
    ]
    assert all(p.file.endswith("2023-24-Q3/alpha.xlsx") for p in _about_planned(problems))
    assert not ind.loc["AA03", "rejected"] and ind.loc["AA03", "value"] == 13.5  # the fixture's figure, used
    assert ind.loc["AA03", "planned_action"] == "Exit interviews" and ind.loc["AA03", "action_due"] == ""


def test_a_planned_action_due_before_the_quarter_ended_is_a_warning(fresh_fixture):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    rows = _with_planned(
        path,
        {
            "AA01": ("Train staff", dt.datetime(2023, 12, 30)),  # a day before the quarter's end: warned
            "AA02": ("Review the rota", "31/12/2023"),  # on the last day: not before it
            "AA04": (None, "01/11/2023"),  # early, but no planned action: nothing to warn about
        },
    )
    ind, problems = _load(fresh_fixture)
    (warned,) = _about_planned(problems)
    assert (warned.severity, warned.pi_code, warned.row, warned.column, warned.value) == (
        "warning",
        "AA01",
        rows["AA01"],
        "Action due",
        "2023-12-30",
    )
    assert "31/12/2023" in warned.expected
    assert ind.loc["AA01", "action_due"] == "2023-12-30"  # used as given


def test_a_csv_return_gives_planned_actions_with_text_dates(fresh_fixture):
    folder = fresh_fixture.parent / "raw" / "2023-24-Q3"
    (folder / "alpha.xlsx").unlink()
    header = [*fmt.INDICATOR_COLUMNS.values(), *LABELS]
    lines = [
        ",".join(header),
        "AA01,t,percent,higher,,85.0,850,1000,Winter peak,Extra staff,Recruit advisers,31/01/2024",
        "AA02,t,seconds,lower,,70,,,,,Review the rota,2024-02-29",
        "AA03,t,percent,range,,10.0,,,,,Exit interviews,29/02/2023",
    ]
    (folder / "alpha.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ind, problems = _load(fresh_fixture)
    assert ind.loc["AA01", "planned_action"] == "Recruit advisers" and ind.loc["AA01", "action_due"] == "2024-01-31"
    assert ind.loc["AA02", "action_due"] == "2024-02-29"  # 2024 is a leap year
    (bad,) = [p for p in _about_planned(problems) if p.severity == "error"]
    assert (bad.pi_code, bad.row, bad.value) == ("AA03", 4, "29/02/2023")  # 2023 is not
    assert not ind.loc["AA03", "rejected"]
