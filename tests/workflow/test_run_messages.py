"""The one-line messages of a run: the data-quality summary, the failed cell, an error on one line."""

import nbformat
import pandas as pd

from perflib.core.quarters import Quarter
from perflib.workflow.run_messages import failed_cell, first_line, quality_summary

Q = Quarter.parse("2023-24 Q3")


def test_the_summary_names_missing_and_unusable_returns_and_counts_problems():
    receipts = pd.DataFrame(
        {"directorate_name": ["People", "Place", "Resources"], "state": ["received", "missing", "rejected"]}
    )
    problems = pd.DataFrame({"severity": ["error", "warning", "warning"]})
    assert quality_summary(Q, receipts, problems) == (
        "2023-24 Q3: returns received 1 of 3 (missing: Place; unusable: Resources); "
        "data quality: 1 error, 2 warnings (listed in data_quality.csv)"
    )


def test_a_clean_quarter_points_to_no_list():
    receipts = pd.DataFrame({"directorate_name": ["People"], "state": ["received"]})
    problems = pd.DataFrame({"severity": pd.Series([], dtype=str)})
    line = quality_summary(Q, receipts, problems)
    assert line == "2023-24 Q3: returns received 1 of 1; data quality: 0 errors, 0 warnings"


def test_an_error_is_one_line_of_at_most_the_limit():
    assert first_line("  first\n\n  second  \n") == "first second"
    long = first_line("x" * 400)
    assert len(long) == 300 and long.endswith("...")


def test_the_failed_cell_is_the_first_code_cell_with_an_error(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("\n  from perflib import nothing\nnothing()"),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("error", ename="ImportError", evalue="no", traceback=[])]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    assert failed_cell(path) == "code cell 2 (from perflib import nothing)"
    assert failed_cell(tmp_path / "missing.ipynb") == "an unknown cell"
