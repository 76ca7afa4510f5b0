"""Problems: one line a service manager can act on, and a table that round-trips."""

import dataclasses

import pandas as pd
import pytest

from perflib.core.problems import ERROR, PROBLEM_COLUMNS, WARNING, Problem, problems_frame, problems_from_frame

FILE = "data/raw/2023-24-Q3/place.xlsx"


def test_line_names_every_part_of_the_location():
    p = Problem(
        severity=ERROR,
        file=FILE,
        sheet="Indicators",
        row=7,
        column="Value",
        value="TBC",
        expected="a number",
        message="not a number",
    )
    assert p.line() == (
        "ERROR: data/raw/2023-24-Q3/place.xlsx, sheet 'Indicators', row 7, column 'Value': "
        "not a number (found 'TBC'; expected a number)"
    )


@pytest.mark.parametrize(
    "fields,line",
    [
        # the file alone, as for a missing narrative
        ({"message": "no narrative file"}, "WARNING: f.xlsx: no narrative file"),
        # a value found but nothing said about what was expected
        ({"value": "12%", "message": "read as 12"}, "WARNING: f.xlsx: read as 12 (found '12%')"),
        # what was expected, with no value (an empty cell)
        ({"expected": "a value", "message": "blank"}, "WARNING: f.xlsx: blank (expected a value)"),
        # "0" is a value found, not an empty one
        (
            {"value": "0", "expected": "above 0", "message": "zero"},
            "WARNING: f.xlsx: zero (found '0'; expected above 0)",
        ),
        # a row without a sheet (a CSV), and a column without a row (a missing column)
        ({"row": 3, "message": "m"}, "WARNING: f.xlsx, row 3: m"),
        (
            {"sheet": "Cover", "column": "Quarter", "message": "m"},
            "WARNING: f.xlsx, sheet 'Cover', column 'Quarter': m",
        ),
    ],
)
def test_line_leaves_out_what_is_not_known(fields, line):
    assert Problem(severity=WARNING, file="f.xlsx", **fields).line() == line


def test_line_quotes_a_value_holding_quotes_unambiguously():
    p = Problem(severity=ERROR, file="f.csv", value="it's", message="m")
    assert p.line() == 'ERROR: f.csv: m (found "it\'s")'


def test_problems_are_frozen():
    p = Problem(severity=ERROR, file="f.csv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.row = 2  # type: ignore[misc]


PROBLEMS = [
    Problem(
        severity=ERROR,
        file=FILE,
        sheet="Indicators",
        row=7,
        column="Value",
        value="TBC",
        expected="a number",
        message="not a number",
        directorate="place",
        pi_code="PL03",
    ),
    Problem(severity=WARNING, file="data/raw/2023-24-Q3/narrative.xlsx", message="no narrative file"),
]


def test_problems_frame_has_the_columns_in_order_and_a_nullable_row():
    frame = problems_frame(PROBLEMS)
    assert list(frame.columns) == PROBLEM_COLUMNS
    assert str(frame["row"].dtype) == "Int64"
    assert frame["row"].iloc[0] == 7 and frame["row"].isna().iloc[1]
    assert frame.loc[0, "pi_code"] == "PL03" and frame.loc[1, "sheet"] == ""


def test_no_problems_is_an_empty_table_with_the_columns():
    frame = problems_frame([])
    assert list(frame.columns) == PROBLEM_COLUMNS and len(frame) == 0
    assert problems_from_frame(frame) == []


def test_round_trip_through_the_table_and_parquet(tmp_path):
    assert problems_from_frame(problems_frame(PROBLEMS)) == PROBLEMS
    path = tmp_path / "problems.parquet"
    problems_frame(PROBLEMS).to_parquet(path)
    assert problems_from_frame(pd.read_parquet(path)) == PROBLEMS


def test_from_frame_reads_blank_cells_as_empty_text_and_numbers_as_rows():
    # As read back from a CSV: empty cells are NaN and the row column is float.
    frame = pd.DataFrame(
        [["error", "f.csv", float("nan"), 12.0, "Value", float("nan"), "a number", "m", float("nan"), None]],
        columns=PROBLEM_COLUMNS,
    )
    (p,) = problems_from_frame(frame)
    assert p == Problem(severity="error", file="f.csv", row=12, column="Value", expected="a number", message="m")
    assert isinstance(p.row, int)
