"""Templates: what the template writes, the loader reads."""

import datetime as dt
import shutil

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.return_templates import write_templates
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter
from perflib.workflow.cli import main

Q4 = Quarter.parse("2023-24 Q4")


def _fill(path, catalogue):
    """Fill every yellow cell of a template with valid values, as a careful service would."""
    ind = catalogue.indicators.set_index("pi_code")
    wb = load_workbook(path)
    cover = wb[fmt.COVER_SHEET]
    for row in cover.iter_rows(min_row=1):
        if row[0].value == "Completed by":
            row[1].value = "A. Officer"
        if row[0].value == "Date submitted":
            row[1].value = dt.date(2024, 4, 10)
    ws = wb[fmt.INDICATORS_SHEET]
    head = {c.value: c.column - 1 for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        code = row[head["PI code"]].value
        unit = ind.loc[code, "unit"]
        if isinstance(ind.loc[code, "denominator_label"], str):
            row[head["Numerator"]].value, row[head["Denominator"]].value = 45, 90
            row[head["Value"]].value = 50.0
        else:
            row[head["Value"]].value = 50.0 if unit == "percent" else 12
        row[head["Commentary"]].value = "Steady quarter"
        row[head["Corrective action"]].value = "Keep monitoring"
        row[head["Planned action"]].value = "Review the rota"
        row[head["Action due"]].value = dt.date(2024, 5, 31)  # after the quarter's end, 31/03/2024
    fa = wb[fmt.ACTIONS_SHEET]
    fa_head = {c.value: c.column - 1 for c in fa[1]}
    last = next(h for h in fa_head if str(h).startswith("Status 20"))
    for row in fa.iter_rows(min_row=2):
        done = row[fa_head[last]].value == "Complete"  # a careful service keeps a finished action Complete
        row[fa_head["Status"]].value = "Complete" if done else "On track"
        row[fa_head["Update"]].value = "Going to plan"
    wb.save(path)


def test_template_layout(fresh_fixture, tmp_path):
    config = load_config(fresh_fixture)
    paths = write_templates(Q4, config, tmp_path / "tpl")
    assert [p.name for p in paths] == ["alpha.xlsx", "beta.xlsx"]
    wb = load_workbook(paths[0])
    assert wb.sheetnames == [fmt.INSTRUCTIONS_SHEET, fmt.COVER_SHEET, fmt.INDICATORS_SHEET, fmt.ACTIONS_SHEET]
    ws = wb[fmt.INDICATORS_SHEET]
    headers = [c.value for c in ws[1]]
    for label in fmt.INDICATOR_COLUMNS.values():
        assert label in headers
    # the last four quarters' values, for reference
    assert headers[6:10] == ["Value 2022-23 Q4", "Value 2023-24 Q1", "Value 2023-24 Q2", "Value 2023-24 Q3"]
    codes = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert codes == ["AA01", "AA02", "AA03", "AA04", "AA05"]  # alpha's PIs, all quarterly
    aa01 = next(ws.iter_rows(min_row=2, max_row=2))
    # as published; the fixture has no 2022-23 Q4 returns, and says so rather than leaving a blank
    assert [c.value for c in aa01[6:10]] == ["no returns that quarter", 91.0, 88.0, 85.0]
    assert [c.number_format for c in aa01[7:10]] == ["#,##0.0"] * 3  # AA01 has 1 decimal
    assert "No returns for 2022-23 Q4" in ws["G1"].comment.text
    assert "As published in the 2023-24 Q1 report" in ws["H1"].comment.text
    assert aa01[5].value == "90.0%"  # this year's target
    # protection: sheet locked, input cells unlocked; reference cells locked
    assert ws.protection.sheet
    col = {h: i for i, h in enumerate(headers)}
    assert aa01[col["Value"]].protection.locked is False
    assert aa01[col["PI code"]].protection.locked is True
    # data validation: percent 0 to 100 on AA01's value cell; FA status list
    ranges = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    pct = [dv for dv in ws.data_validations.dataValidation if dv.formula2 == "100"]
    assert pct and aa01[col["Value"]].coordinate in str(pct[0].sqref)
    fa = load_workbook(paths[1])[fmt.ACTIONS_SHEET]
    lists = [dv for dv in fa.data_validations.dataValidation if dv.type == "list"]
    assert lists and "On track" in lists[0].formula1
    assert [r[0].value for r in fa.iter_rows(min_row=2)] == ["FA02a", "FA02b"]  # FA03 starts in 2024-25
    assert ranges


def test_filled_template_validates_clean(fresh_fixture, tmp_path, capsys):
    config = load_config(fresh_fixture)
    catalogue = load_catalogue(config)
    paths = write_templates(Q4, config, tmp_path / "tpl")
    raw = config.raw_quarter_dir(Q4)
    raw.mkdir(parents=True)
    for p in paths:
        _fill(p, catalogue)
        shutil.copy(p, raw / p.name)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = fmt.NARRATIVE_SHEET
    wb.active.append(list(fmt.NARRATIVE_COLUMNS.values()))
    wb.active.append(["residents", "Key achievement", "A good quarter"])
    wb.save(raw / fmt.NARRATIVE_FILE)
    ret = load_quarter(config, catalogue, Q4)
    assert ret.problems == []
    assert set(ret.indicators["planned_action"]) == {"Review the rota"}
    assert set(ret.indicators["action_due"]) == {"2024-05-31"}
    assert ret.receipts["state"].tolist() == ["received", "received"]
    assert main(["validate", "--quarter", Q4.label, "--config", str(fresh_fixture)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_templates_command(fresh_fixture, tmp_path, capsys):
    assert (
        main(["templates", "--quarter", "2023-24 Q4", "--config", str(fresh_fixture), "--out", str(tmp_path / "t")])
        == 0
    )
    assert (tmp_path / "t" / "alpha.xlsx").exists()
    assert "alpha.xlsx" in capsys.readouterr().out
