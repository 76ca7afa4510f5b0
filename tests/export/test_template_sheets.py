"""The sheets of a template around its indicators: the Flagship Actions with the status last reported."""

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.return_templates import write_templates
from perflib.inputs import layout as fmt

Q4 = Quarter.parse("2023-24 Q4")


def test_template_shows_the_flagship_action_status_last_reported(fresh_fixture, tmp_path):
    config = load_config(fresh_fixture)
    alpha, beta = write_templates(Q4, config, tmp_path / "tpl")
    fa = load_workbook(beta)[fmt.ACTIONS_SHEET]
    assert [c.value for c in fa[1]] == [
        "FA code",
        "Flagship action",
        "Lead officer",
        "Status 2023-24 Q3",
        "Status",
        "Update",
    ]
    assert [(r[0].value, r[3].value) for r in fa.iter_rows(min_row=2)] == [
        ("FA02a", "Complete"),
        ("FA02b", "Off track"),
    ]
    assert fa.cell(row=2, column=4).protection.locked is True  # reference, not to fill
    assert [r[3].value for r in load_workbook(alpha)[fmt.ACTIONS_SHEET].iter_rows(min_row=2)] == ["On track"]
