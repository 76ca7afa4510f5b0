"""The corpus of malformed returns: each must be reported exactly, and no PI may vanish.

tests/corpus/cases.csv lists each broken file (built by make_corpus.py from the
fixture's valid return), where it is placed in the quarter folder, and the
problem perflib must report: severity, sheet, row, column and message.
"""

import csv
import shutil
from pathlib import Path

import fixture_data
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from perflib.build.prepared import prepare_quarter

CORPUS = Path(__file__).parent / "corpus"
CASES = list(csv.DictReader(open(CORPUS / "cases.csv", encoding="utf-8")))


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c["message"] for c in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_malformed_return_is_reported_exactly(case, tmp_path):
    config = fixture_data.build(tmp_path / "council")
    folder = tmp_path / "council" / "raw" / "2023-24-Q3"
    (folder / f"{case['directorate']}.xlsx").unlink()
    shutil.copy(CORPUS / case["file"], folder / case["place_as"])
    before = (folder / case["place_as"]).read_bytes()
    prepared = prepare_quarter("2023-24 Q3", config)
    problems = prepared.problems.to_dict("records")
    expected_row = int(case["row"]) if case["row"] else None

    def matches(p):
        row = None if p["row"] is None or p["row"] != p["row"] or str(p["row"]) == "<NA>" else int(p["row"])
        return (
            p["severity"] == case["severity"]
            and p["file"].endswith(case["place_as"])
            and p["sheet"] == case["sheet"]
            and row == expected_row
            and (case["column"] == "" or p["column"] == case["column"])
            and case["message"] in p["message"] + " expected " + p["expected"]
        )

    assert any(matches(p) for p in problems), "\n".join(
        f"{p['severity']} {p['file']} {p['sheet']} {p['row']} {p['column']}: {p['message']} / {p['expected']}"
        for p in problems
    )
    # nothing lost: every catalogue PI is still in the scorecard
    assert len(prepared.scorecard) == 10
    if case["severity"] == "error" and case["sheet"] in ("", "Cover", "Indicators") and case["row"] == "":
        # the whole return was unusable: its PIs are No data with a reason
        own = prepared.scorecard[prepared.scorecard["directorate"] == case["directorate"]]
        due = own[own["status"] != "Not due"]
        if case["sheet"] != "Indicators" or "empty" in case["message"] or "missing" in case["message"]:
            assert (due["status"] == "No data").all()
            assert due["status_reason"].str.len().gt(0).all()
    # the raw file is never modified
    assert (folder / case["place_as"]).read_bytes() == before


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["TBC", "#DIV/0!", "#N/A", "12%", "1,234", "=A1", "n/a", "", "2023-24 Q3", "On track"]),
    st.booleans(),
    st.dates().map(str),
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """One valid fixture council, copied for each example (faster than rebuilding it)."""
    root = tmp_path_factory.mktemp("pristine")
    fixture_data.build(root)
    return root


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["Cover", "Indicators", "Flagship actions"]),
            st.integers(1, 9),
            st.integers(1, 11),
            CELL_VALUES,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_random_corruption_never_crashes_or_loses_a_pi(tmp_path_factory, pristine, edits):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(pristine, root, dirs_exist_ok=True)
    config = root / "council.yml"
    config.write_text((pristine / "council.yml").read_text().replace(str(pristine), str(root)))
    path = root / "raw" / "2023-24-Q3" / "alpha.xlsx"
    wb = load_workbook(path)
    for sheet, row, col, value in edits:
        if isinstance(value, float) and value != value:
            value = None  # openpyxl cannot write NaN; an empty cell is the spreadsheet equivalent
        try:
            wb[sheet].cell(row=row, column=col).value = value
        except Exception:
            continue
    wb.save(path)
    prepared = prepare_quarter("2023-24 Q3", config)
    assert prepared.scorecard["pi_code"].tolist() == [
        "AA01",
        "AA02",
        "AA03",
        "AA04",
        "AA05",
        "BB01",
        "BB02",
        "BB03",
        "BB04",
        "BB05",
    ]
    assert prepared.scorecard["status"].notna().all()
    no_data = prepared.scorecard[prepared.scorecard["status"] == "No data"]
    assert no_data["status_reason"].fillna("").str.len().gt(0).all()
