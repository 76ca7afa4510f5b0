"""The checks on targets.csv: every problem located by file, row and column, in plain words."""

import pandas as pd
import pytest

from perflib.inputs.catalogue_targets import read_targets


def _where(problems):
    return sorted((p.row, p.column, p.value, p.expected) for p in problems)


TARGETS_HEADER = (
    "pi_code,financial_year,target,target_upper,tolerance,tolerance_type,q1_target,q2_target,q3_target,q4_target"
)
TARGETS = [
    "AA01,2022-23,90,,5,absolute,,,,",
    "AA01,2023-24,90,,5,absolute,,,,",
    "AA02,2023-24,10,,10,percent,,,,",
    "AA03,2023-24,8,12,1,absolute,,,,",
]


def _targets(tmp_path, rows, checked=True):
    ind = pd.DataFrame({"pi_code": ["AA01", "AA02", "AA03"], "good_direction": ["higher", "lower", "range"]})
    path = tmp_path / "targets.csv"
    path.write_text("\n".join([TARGETS_HEADER, *rows]) + "\n", encoding="utf-8")
    return read_targets(path, ind, checked)


def test_sound_targets_get_the_start_year(tmp_path):
    tgt, problems = _targets(tmp_path, TARGETS)
    assert problems == []
    assert tgt["fy_start"].tolist() == [2022, 2023, 2023, 2023]
    assert tgt["target"].tolist() == [90.0, 90.0, 10.0, 8.0]
    assert pd.isna(tgt.loc[0, "target_upper"]) and pd.isna(tgt.loc[0, "q1_target"])


@pytest.mark.parametrize(
    "row,problem",
    [
        ("AA01,2023-24,ninety,,5,absolute,,,,", ("target", "ninety", "a number")),
        ("AA01,2023-24,,,5,absolute,,,,", ("target", "", "a value (the cell is empty)")),
        ("AA01,2023-24,90,,-1,absolute,,,,", ("tolerance", "-1", "a tolerance of 0 or more")),
        ("AA01,2023-24,90,,5,relative,,,,", ("tolerance_type", "relative", "one of absolute, percent")),
        ("AA01,2023/24,90,,5,absolute,,,,", ("financial_year", "2023/24", "a financial year like 2023-24")),
        ("ZZ99,2023-24,90,,5,absolute,,,,", ("pi_code", "ZZ99", "one of AA01, AA02, AA03")),
        ("AA01,2023-24,90,,5,absolute,100,,,", None),  # a profile is optional
        ("AA01,2023-24,90,,0,absolute,,,,", None),  # a tolerance of 0 is allowed
    ],
)
def test_a_bad_target_cell_is_located(tmp_path, row, problem):
    _, problems = _targets(tmp_path, [TARGETS[0], row])
    assert _where(problems) == ([] if problem is None else [(3, *problem)])


def test_a_repeated_year_is_reported_on_the_repeat_only(tmp_path):
    tgt, problems = _targets(tmp_path, [*TARGETS, "AA01,2023-24,95,,5,absolute,,,,"])
    assert _where(problems) == [(6, "pi_code", "AA01", "one row per PI per year (this one repeats)")]
    assert "fy_start" not in tgt  # not worked out for an unsound table


@pytest.mark.parametrize("upper,ok", [("12", True), ("8", True), ("7.9", False), ("", False)])
def test_a_range_pi_needs_an_upper_edge_not_below_its_target(tmp_path, upper, ok):
    _, problems = _targets(tmp_path, [*TARGETS[:3], f"AA03,2023-24,8,{upper},1,absolute,,,,"])
    expected = [] if ok else [(5, "target_upper", upper, "an upper edge not below target for a range PI")]
    assert _where(problems) == expected


def test_range_and_start_year_wait_for_a_sound_catalogue(tmp_path):
    tgt, problems = _targets(tmp_path, [*TARGETS[:3], "AA03,2023-24,8,,1,absolute,,,,"], checked=False)
    assert problems == [] and "fy_start" not in tgt
