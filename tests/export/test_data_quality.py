"""data_quality.csv: one row per problem, errors first, every text cell safe in a spreadsheet."""

import csv

from perflib.core.problems import ERROR, PROBLEM_COLUMNS, WARNING, Problem, problems_frame
from perflib.export.data_quality import write_data_quality_csv

A = "data/raw/2023-24-Q3/alpha.xlsx"
B = "data/raw/2023-24-Q3/beta.xlsx"

# Given in a muddled order; written errors first, then by file, then by row (a whole-file problem first).
PROBLEMS = [
    Problem(severity=WARNING, file=B, sheet="Indicators", row=3, column="Value", value="12%", message="read as 12"),
    Problem(severity=ERROR, file=B, sheet="Indicators", row=5, column="Value", value="=1+1", message="not a number"),
    Problem(severity=WARNING, file=A, sheet="Indicators", row=2, message="heading row moved down"),
    Problem(severity=ERROR, file=A, message="return received after the deadline"),
    Problem(
        severity=ERROR,
        file=B,
        sheet="Indicators",
        row=2,
        column="Value",
        value="-3",
        expected="0 or more",
        message="negative count",
        pi_code="BB02",
        directorate="beta",
    ),
    Problem(severity=WARNING, file=A, sheet="Indicators", row=9, column="Commentary", value="@cmd", message="odd"),
]


def _written(tmp_path, problems=PROBLEMS):
    target = tmp_path / "out" / "2023-24-Q3" / "data_quality.csv"  # the folder does not exist yet
    write_data_quality_csv(problems_frame(problems), "2023-24 Q3", target)
    text = target.read_text(encoding="utf-8")
    return text, list(csv.DictReader(text.splitlines()))


def test_errors_first_then_by_file_and_row(tmp_path):
    _, rows = _written(tmp_path)
    assert [(r["severity"], r["file"], r["row"]) for r in rows] == [
        ("error", A, ""),  # alpha, no row: the file as a whole
        ("error", B, "2"),
        ("error", B, "5"),
        ("warning", A, "2"),
        ("warning", A, "9"),
        ("warning", B, "3"),
    ]


def test_quarter_first_then_the_problem_columns(tmp_path):
    text, rows = _written(tmp_path)
    assert text.splitlines()[0] == ",".join(["quarter", *PROBLEM_COLUMNS])
    assert {r["quarter"] for r in rows} == {"2023-24 Q3"}
    assert "\r" not in text and text.endswith("\n")
    negative = rows[1]
    assert (negative["pi_code"], negative["directorate"], negative["expected"]) == ("BB02", "beta", "0 or more")


def test_text_that_a_spreadsheet_would_run_is_neutralised(tmp_path):
    _, rows = _written(tmp_path)
    values = {(r["file"], r["row"]): r["value"] for r in rows}
    assert values[(B, "5")] == "'=1+1"
    assert values[(B, "2")] == "'-3"  # a negative number typed as text is text here
    assert values[(A, "9")] == "'@cmd"
    assert values[(B, "3")] == "12%"
    assert all(not r[c].startswith(("=", "+", "-", "@")) for r in rows for c in r)


def test_no_problems_is_a_header_only(tmp_path):
    text, rows = _written(tmp_path, [])
    assert rows == [] and text == ",".join(["quarter", *PROBLEM_COLUMNS]) + "\n"
