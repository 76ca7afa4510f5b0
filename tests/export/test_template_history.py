"""What a template shows of earlier quarters: figures as published, and why a cell has none."""

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.return_templates import write_templates
from perflib.inputs import layout as fmt

Q4 = Quarter.parse("2023-24 Q4")


def test_template_history_is_as_published_and_explains_every_gap(fresh_fixture, tmp_path):
    config = load_config(fresh_fixture)
    ws = load_workbook(write_templates(Q4, config, tmp_path / "tpl")[0])[fmt.INDICATORS_SHEET]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    # AA04 is cumulative: the published year to date, 90; 90 + 100 = 190; 190 + 95 = 285, marked so
    aa04 = rows["AA04"]
    assert [c.value for c in aa04[7:10]] == [90.0, 190.0, 285.0]
    assert {c.number_format for c in aa04[7:10]} == {'#,##0" (year to date)"'}
    # AA05 was left blank in the 2023-24 Q3 return: the cell says there was no data, and why
    assert str(rows["AA05"][9].value).startswith("no data (")
