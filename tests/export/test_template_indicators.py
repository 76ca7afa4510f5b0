"""The Indicators sheet of a template: the PIs due, and the cells asked for beside the figure."""

import shutil

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.return_templates import write_templates
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q4 = Quarter.parse("2023-24 Q4")


def test_annual_pi_only_in_its_quarter(fresh_fixture, tmp_path):
    config = load_config(fresh_fixture)
    q1 = write_templates("2024-25 Q1", config, tmp_path / "q1")
    beta = load_workbook(q1[1])[fmt.INDICATORS_SHEET]
    codes = [r[0].value for r in beta.iter_rows(min_row=2)]
    assert "BB04" in codes and "BB03" not in codes  # BB04 annual in Q1, BB03 annual in Q3


def test_q1_to_q3_templates_ask_for_the_services_forecast_outturn(fresh_fixture, tmp_path):
    # An optional yellow "Forecast outturn" cell from Q1 to Q3 (the Q4 template above has none: the
    # year's outturn is known then); what a service types there is read back.
    config = load_config(fresh_fixture)
    q1 = Quarter.parse("2024-25 Q1")
    path = write_templates(q1, config, tmp_path / "tpl")[0]
    ws = load_workbook(path)[fmt.INDICATORS_SHEET]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "Forecast outturn"
    cell = ws.cell(row=2, column=len(headers))
    assert cell.protection.locked is False
    assert "Forecast outturn" not in [
        c.value for c in load_workbook(write_templates(Q4, config, tmp_path / "q4")[0])[fmt.INDICATORS_SHEET][1]
    ]
    cell.value = 88.0
    ws.parent.save(path)
    folder = fresh_fixture.parent / "raw" / q1.slug
    folder.mkdir(parents=True)
    shutil.copy(path, folder / "alpha.xlsx")
    ret = load_quarter(config, load_catalogue(config), q1)
    assert ret.indicators.set_index("pi_code").loc["AA01", "service_forecast"] == 88.0


def test_template_asks_for_the_planned_action_and_its_date_beside_the_corrective_action(fresh_fixture, tmp_path):
    config = load_config(fresh_fixture)
    alpha = write_templates(Q4, config, tmp_path / "tpl")[0]
    ws = load_workbook(alpha)[fmt.INDICATORS_SHEET]
    headers = [c.value for c in ws[1]]
    at = headers.index("Corrective action")
    assert headers[at + 1 : at + 3] == ["Planned action", "Action due"]
    due = ws.cell(row=2, column=at + 3)
    planned = ws.cell(row=2, column=at + 2)
    assert due.protection.locked is False and planned.protection.locked is False
    assert due.number_format == "dd/mm/yyyy"
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert len(dates) == 1 and due.coordinate in str(dates[0].sqref)
    # one date rule for every PI row (AA01 to AA05 are rows 2 to 6)
    letter = due.column_letter
    assert str(dates[0].sqref).split() == [f"{letter}{r}" for r in range(2, 7)]
