"""The narrative template: the layout the narrative reader reads, priorities listed, drop-downs."""

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.export.narrative_template import BLANK_ROWS, write_narrative_template
from perflib.inputs import layout as fmt
from perflib.inputs.narrative_file import read_narrative

Q1 = Quarter.parse("2024-25 Q1")


def test_template_lists_the_priorities_and_offers_drop_downs(fixture_config, tmp_path):
    config = load_config(fixture_config)
    path = write_narrative_template(config, Q1, tmp_path / fmt.NARRATIVE_FILE)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Narrative", "Priorities"]
    pri = wb["Priorities"]
    assert [[c.value for c in row] for row in pri.iter_rows()] == [
        ["Id", "Priority"],
        ["residents", "A council that puts residents first"],
        ["clean_safe", "A borough that is clean and safe"],
        ["supported", "A place where those in need are supported"],
    ]
    ws = wb["Narrative"]
    assert [c.value for c in ws[1]] == ["Priority", "Type", "Text"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules[f"A2:A{BLANK_ROWS + 1}"].formula1 == "Priorities!$B$2:$B$4"
    assert rules[f"B2:B{BLANK_ROWS + 1}"].formula1 == '"Key achievement,Area for improvement"'
    assert rules[f"C2:C{BLANK_ROWS + 1}"].formula1 == "400"


def test_an_empty_template_reads_as_no_bullets_and_no_problems(fixture_config, tmp_path):
    config = load_config(fixture_config)
    write_narrative_template(config, Q1, tmp_path / fmt.NARRATIVE_FILE)
    assert read_narrative(tmp_path, Q1, config) == ([], [])


def test_a_filled_in_template_is_read(fixture_config, tmp_path):
    config = load_config(fixture_config)
    path = write_narrative_template(config, Q1, tmp_path / fmt.NARRATIVE_FILE)
    wb = load_workbook(path)
    wb["Narrative"].append(["A borough that is clean and safe", "Key achievement", "Streets cleaner"])
    wb["Narrative"]["A2"], wb["Narrative"]["B2"], wb["Narrative"]["C2"] = "supported", "Area for improvement", "Waits"
    wb.save(path)
    bullets, problems = read_narrative(tmp_path, Q1, config)
    assert problems == []
    assert [(b["priority"], b["kind"], b["text"]) for b in bullets] == [
        ("supported", "improvement", "Waits"),
        ("clean_safe", "achievement", "Streets cleaner"),
    ]
