"""The analyst's narrative: bullets in order, and each line that cannot be used a located error."""

import pytest
from openpyxl import Workbook

from perflib.core.config import load_config
from perflib.core.paths import display_path
from perflib.core.problems import ERROR, WARNING
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.narrative_file import NARRATIVE_FIELDS, read_narrative

Q3 = Quarter.parse("2023-24 Q3")


@pytest.fixture(scope="module")
def config(fixture_config):
    return load_config(fixture_config)


def _write(folder, rows, header=("Priority", "Type", "Text"), sheet=fmt.NARRATIVE_SHEET):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(folder / fmt.NARRATIVE_FILE)
    return display_path(folder / fmt.NARRATIVE_FILE)


def test_bullets_in_the_order_given_with_priority_by_id_or_name(config, tmp_path):
    _write(
        tmp_path,
        [
            ("residents", "Key achievement", "New contact centre opened"),  # row 2: by id
            ("A borough that is clean and safe", "Area for improvement", "Fly-tipping"),  # row 3: by name
            ("SUPPORTED", "key ACHIEVEMENT", "  Family hub opened  "),  # row 4: any case, spaces trimmed
        ],
    )
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert problems == []
    assert [(b["priority"], b["kind"], b["text"], b["order"]) for b in bullets] == [
        ("residents", "achievement", "New contact centre opened", 0),
        ("clean_safe", "improvement", "Fly-tipping", 1),
        ("supported", "achievement", "Family hub opened", 2),
    ]
    assert all(b["quarter"] == "2023-24 Q3" and list(b) == NARRATIVE_FIELDS for b in bullets)


PRIORITIES = (
    "a priority of data/council.yml, by name or id: A council that puts residents first (residents); "
    "A borough that is clean and safe (clean_safe); A place where those in need are supported (supported)"
)
UNKNOWN_PRIORITY = "narrative bullet not used: the priority is not one of the council's"
UNKNOWN_TYPE = "narrative bullet not used: the type is not one perflib knows"
EMPTY = "empty narrative bullet left out"


@pytest.mark.parametrize(
    "line,severity,column,value,expected,message",
    [
        (("growth", "Key achievement", "x"), ERROR, "Priority", "growth", PRIORITIES, UNKNOWN_PRIORITY),
        (
            ("residents", "Highlight", "x"),
            ERROR,
            "Type",
            "Highlight",
            "Key achievement or Area for improvement",
            UNKNOWN_TYPE,
        ),
        (("residents", "Key achievement", None), WARNING, "Text", "", "the bullet's text", EMPTY),
        (("residents", "Key achievement", "   "), WARNING, "Text", "", "the bullet's text", EMPTY),
        # both priority and type wrong: the priority is named first
        (("growth", "Highlight", "x"), ERROR, "Priority", "growth", PRIORITIES, UNKNOWN_PRIORITY),
    ],
)
def test_a_line_that_cannot_be_used_is_left_out_and_located(
    config, tmp_path, line, severity, column, value, expected, message
):
    file = _write(
        tmp_path, [("residents", "Key achievement", "Kept"), line, ("residents", "Area for improvement", "Kept too")]
    )
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert [(b["text"], b["order"]) for b in bullets] == [("Kept", 0), ("Kept too", 1)]  # order stays unbroken
    (p,) = problems
    assert (p.severity, p.file, p.sheet, p.row) == (severity, file, "Narrative", 3)
    assert (p.column, p.value, p.expected, p.message) == (column, value, expected, message)


def test_a_very_long_bullet_is_used_with_a_warning(config, tmp_path):
    at_limit, over = "a" * 400, "b" * 401  # NARRATIVE_MAX_CHARS is 400: 400 is fine, 401 is not
    file = _write(tmp_path, [("residents", "Key achievement", at_limit), ("supported", "Area for improvement", over)])
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert [b["text"] for b in bullets] == [at_limit, over]
    (p,) = problems
    assert (p.severity, p.file, p.sheet, p.row, p.column) == (WARNING, file, "Narrative", 3, "Text")
    assert p.value == "b" * 60 + "..." and p.expected == "at most 400 characters"
    assert p.message.startswith("narrative bullet is 401 characters long")


def test_blank_lines_are_skipped_and_rows_still_counted(config, tmp_path):
    _write(tmp_path, [("residents", "Key achievement", "First"), (None, None, None), ("nope", "Key achievement", "x")])
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert [b["text"] for b in bullets] == ["First"]
    assert [p.row for p in problems] == [4]  # the blank line is row 3


def test_no_narrative_file_is_a_warning(config, tmp_path):
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert bullets == []
    (p,) = problems
    assert p.severity == WARNING and p.file == display_path(tmp_path / "narrative.xlsx")
    assert "key achievements and areas for improvement will be empty" in p.message


def test_an_unusable_file_is_an_error_not_a_crash(config, tmp_path):
    (tmp_path / fmt.NARRATIVE_FILE).write_bytes(b"not a workbook")
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert bullets == [] and [p.severity for p in problems] == [ERROR]
    _write(tmp_path, [("residents", "Key achievement", "x")], sheet="Sheet1")  # the sheet is misnamed
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert bullets == [] and [(p.severity, p.sheet) for p in problems] == [(ERROR, "Narrative")]


def test_a_missing_column_is_an_error_and_earlier_warnings_are_kept(config, tmp_path):
    # "Notes" is not a narrative column (a warning); "Text" is missing (an error: nothing can be used)
    _write(tmp_path, [("residents", "Key achievement", "x")], header=("Priority", "Type", "Notes"))
    bullets, problems = read_narrative(tmp_path, Q3, config)
    assert bullets == []
    assert sorted((p.severity, p.column) for p in problems) == [(ERROR, "Text"), (WARNING, "Notes")]
