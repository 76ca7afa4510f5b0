"""pandera failures as located problems: row numbers, column labels, what was expected."""

import numpy as np
import pandas as pd
import pandera.pandas as pa

from perflib.core.problems import ERROR, WARNING, Problem
from perflib.inputs.schema import RowCheck, row_check_problems, schema_problems

SCHEMA = pa.DataFrameSchema(
    {
        "pi_code": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}\d{2}$", error="a code like RF01")),
        "value": pa.Column(float, pa.Check.ge(0, error="0 or more")),
    }
)
LABELS = {"pi_code": "PI code", "value": "Value", "owner": "Owner"}


def _frame():
    # Index labels 10, 11, 12 as a filtered table keeps them.
    return pd.DataFrame({"pi_code": ["AA01", "zz", "AA03"], "value": [1.0, -2.0, np.nan]}, index=[10, 11, 12])


def test_a_frame_that_passes_has_no_problems():
    assert schema_problems(_frame().iloc[[0]], SCHEMA, file="f.csv") == []


def test_rows_default_to_index_plus_two_a_header_in_row_1():
    found = {(p.row, p.column) for p in schema_problems(_frame(), SCHEMA, file="f.csv")}
    # index 11 -> row 13 ("zz", and -2.0); index 12 -> row 14 (the empty value)
    assert found == {(13, "pi_code"), (13, "value"), (14, "value")}


def test_rows_and_labels_as_given():
    rows = {10: 5, 11: 6, 12: 9}  # e.g. a heading moved down, blank rows skipped
    problems = schema_problems(_frame(), SCHEMA, file="f.xlsx", sheet="Indicators", rows=rows, labels=LABELS)
    assert sorted((p.row, p.column, p.value, p.expected) for p in problems) == [
        (6, "PI code", "zz", "a code like RF01"),
        (6, "Value", "-2", "0 or more"),
        (9, "Value", "", "a value (the cell is empty)"),
    ]
    assert {p.sheet for p in problems} == {"Indicators"} and {p.file for p in problems} == {"f.xlsx"}


def test_message_and_severity_and_context():
    context = {11: {"directorate": "beta", "pi_code": "zz"}}
    problems = schema_problems(_frame(), SCHEMA, file="f.csv", severity=WARNING, context=context, labels=LABELS)
    bad_code = next(p for p in problems if p.column == "PI code")
    assert bad_code == Problem(
        severity=WARNING,
        file="f.csv",
        row=13,
        column="PI code",
        value="zz",
        expected="a code like RF01",
        message="value does not meet the rule: a code like RF01",
        directorate="beta",
        pi_code="zz",
    )
    empty = next(p for p in problems if p.row == 14)
    assert (empty.directorate, empty.pi_code) == ("", "")  # no context for index 12


def test_a_missing_column_names_the_column_not_a_value():
    schema = SCHEMA.add_columns({"owner": pa.Column(str)})
    (missing,) = [p for p in schema_problems(_frame(), schema, file="f.csv", labels=LABELS) if p.row is None]
    assert (missing.column, missing.value, missing.expected) == ("Owner", "", "this column to be present")
    assert missing.message == "the column 'Owner' is missing"
    assert missing.severity == ERROR
    assert (
        missing.line()
        == "ERROR: f.csv, column 'Owner': the column 'Owner' is missing (expected this column to be present)"
    )


def test_a_table_wide_check_is_reported_at_each_failing_row_for_each_column():
    # numerator above denominator fails at index 1 only -> row 3, once for each column checked
    schema = pa.DataFrameSchema(
        {"numerator": pa.Column(float), "denominator": pa.Column(float)},
        checks=[pa.Check(lambda d: d["numerator"] <= d["denominator"], error="a numerator not above the denominator")],
    )
    frame = pd.DataFrame({"numerator": [5.0, 11.0, 10.0], "denominator": [10.0, 10.0, 10.0]})
    problems = schema_problems(frame, schema, file="f.csv")
    assert sorted((p.row, p.column, p.value) for p in problems) == [
        (3, "denominator", "10"),
        (3, "numerator", "11"),
    ]
    assert {p.expected for p in problems} == {"a numerator not above the denominator"}


# --------------------------------------------------------------------------- checks across a row
ABOVE = RowCheck("a numerator not above the denominator", "numerator", lambda d: d["numerator"] > d["denominator"])
POSITIVE = RowCheck("a denominator above 0", "denominator", lambda d: d["denominator"] == 0)


def test_row_checks_each_failure_once_against_its_column():
    frame = pd.DataFrame({"numerator": [5.0, 11.0, 0.0], "denominator": [10.0, 10.0, 0.0]}, index=[4, 5, 6])
    problems = row_check_problems(
        frame,
        (ABOVE, POSITIVE),
        file="f.xlsx",
        sheet="Indicators",
        rows={4: 2, 5: 3, 6: 9},
        labels={"numerator": "Numerator", "denominator": "Denominator"},
        context={5: {"directorate": "alpha", "pi_code": "AA01"}},
    )
    # by check, then row; 11 is shown as found, without ".0"
    assert [(p.row, p.column, p.value, p.expected) for p in problems] == [
        (3, "Numerator", "11", "a numerator not above the denominator"),
        (9, "Denominator", "0", "a denominator above 0"),
    ]
    first = problems[0]
    assert (first.severity, first.sheet, first.directorate, first.pi_code) == (ERROR, "Indicators", "alpha", "AA01")
    assert first.message == "value does not meet the rule: a numerator not above the denominator"


def test_row_checks_default_rows_and_blank_values():
    check = RowCheck("a value", "value", lambda d: d["value"].isna())
    (p,) = row_check_problems(pd.DataFrame({"value": [1.0, np.nan]}), (check,), file="f.csv")
    assert (p.row, p.column, p.value) == (3, "value", "")  # index 1 -> row 3; nothing found


def test_a_row_check_needing_a_missing_column_is_not_applied():
    # the missing column is reported by the schema; the check cannot be applied, and does not crash
    assert row_check_problems(pd.DataFrame({"numerator": [5.0]}), (ABOVE,), file="f.csv") == []
