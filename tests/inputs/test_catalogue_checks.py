"""The checks on indicators.csv: every problem located by file, row and column, in plain words."""

import pandas as pd
import pytest

from perflib.core.config import load_config
from perflib.inputs.catalogue_checks import CatalogueError, read_indicators

HEADER = (
    "pi_code,title,definition,priority,directorate,good_direction,unit,decimals,frequency,reporting_quarter,"
    "first_year,measure_type,numerator_label,denominator_label,sensitive,source,lead_officer,portfolio_holder"
)
# Three sound rows: a quarterly pooled rate, an annual count, a biennial range PI.
GOOD = [
    "AA01,Calls answered,Calls answered,residents,alpha,higher,percent,1,quarterly,,,cumulative,Answered,Offered,no,T,"
    "Head of Customer Services,Cabinet Member for Resources",
    "AA02,Fly-tips,Fly-tips reported,clean_safe,beta,lower,count,0,annual,Q2,,in_quarter,,,yes,T,"
    "Head of Waste,Cabinet Member for Environment",
    "AA03,Turnover,Leavers over headcount,residents,alpha,range,percent,1,biennial,Q4,2019-20,snapshot,,,no,HR,"
    "Head of Human Resources,Cabinet Member for Resources",
]


@pytest.fixture(scope="module")
def config(fixture_config):
    return load_config(fixture_config)


def _indicators(config, tmp_path, rows, header=HEADER):
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_indicators(config, path)


def _where(problems):
    return sorted((p.row, p.column, p.value, p.expected) for p in problems)


def _with(row: str, column: str, value: str, header: str = HEADER) -> str:
    cells = row.split(",")
    cells[header.split(",").index(column)] = value
    return ",".join(cells)


# --------------------------------------------------------------------------- indicators.csv
def test_sound_indicators_have_no_problems_and_blanks_are_missing(config, tmp_path):
    ind, problems = _indicators(config, tmp_path, GOOD)
    assert problems == []
    assert ind["pi_code"].tolist() == ["AA01", "AA02", "AA03"]
    assert ind["decimals"].tolist() == [1.0, 0.0, 1.0]
    assert pd.isna(ind.loc[0, "reporting_quarter"]) and pd.isna(ind.loc[1, "numerator_label"])
    # the optional SPC columns are added, blank
    assert ind["spc_baseline"].isna().all() and ind["spc_rebase"].isna().all()


def test_spaces_and_a_byte_order_mark_are_ignored(config, tmp_path):
    path = tmp_path / "indicators.csv"
    padded = [",".join(f" {c} " for c in row.split(",")) for row in GOOD]
    path.write_text("\ufeff" + "\n".join([HEADER, *padded]) + "\n", encoding="utf-8")
    ind, problems = read_indicators(config, path)
    assert problems == [] and ind.loc[0, "pi_code"] == "AA01"


@pytest.mark.parametrize(
    "column,value,expected",
    [
        ("pi_code", "rf1", "a code like RF01"),
        ("priority", "growth", "one of residents, clean_safe, supported"),
        ("directorate", "gamma", "one of alpha, beta"),
        ("good_direction", "up", "one of higher, lower, range"),
        ("unit", "pounds", "one of percent, count, number, days, seconds, weeks"),
        ("decimals", "3", "0, 1 or 2"),
        ("decimals", "two", "a number"),
        ("frequency", "monthly", "one of quarterly, annual, biennial"),
        ("measure_type", "rolling", "one of in_quarter, cumulative, snapshot"),
        ("sensitive", "maybe", "one of yes, no"),
    ],
)
def test_a_bad_cell_is_one_problem_at_its_row_and_column(config, tmp_path, column, value, expected):
    rows = [GOOD[0], _with(GOOD[1], column, value), GOOD[2]]
    _, problems = _indicators(config, tmp_path, rows)
    assert _where(problems) == [(3, column, value, expected)]  # the second data row is row 3


def test_reporting_quarter_is_needed_for_annual_and_biennial_pis(config, tmp_path):
    rows = [_with(GOOD[0], "reporting_quarter", ""), _with(GOOD[1], "reporting_quarter", ""), GOOD[2]]
    _, problems = _indicators(config, tmp_path, rows)
    # quarterly AA01 needs none; annual AA02 does: one problem, against reporting_quarter
    assert _where(problems) == [(3, "reporting_quarter", "", "a reporting_quarter for annual and biennial PIs")]
    assert problems[0].line() == (
        f"ERROR: {problems[0].file}, row 3, column 'reporting_quarter': value does not meet the rule: "
        "a reporting_quarter for annual and biennial PIs (expected a reporting_quarter for annual and biennial PIs)"
    )


def test_first_year_is_needed_for_biennial_pis_and_must_be_a_financial_year(config, tmp_path):
    _, problems = _indicators(config, tmp_path, [GOOD[0], GOOD[1], _with(GOOD[2], "first_year", "")])
    assert _where(problems) == [(4, "first_year", "", "a first_year for biennial PIs")]
    _, problems = _indicators(config, tmp_path, [GOOD[0], GOOD[1], _with(GOOD[2], "first_year", "2019")])
    assert _where(problems) == [(4, "first_year", "2019", "a financial year like 2019-20")]


@pytest.mark.parametrize(
    "unit,denominator,ok",
    [
        ("count", "", True),  # counts are added up
        ("percent", "Offered", True),  # rates are pooled from numerators and denominators
        ("percent", "", False),  # a percent without them cannot be pooled
        ("days", "", False),  # an average cannot be added up
    ],
)
def test_cumulative_only_for_counts_and_pooled_percents(config, tmp_path, unit, denominator, ok):
    row = _with(_with(GOOD[0], "unit", unit), "denominator_label", denominator)
    _, problems = _indicators(config, tmp_path, [row, GOOD[1], GOOD[2]])
    expected = "cumulative only for counts, or percents with numerator and denominator"
    assert _where(problems) == ([] if ok else [(2, "measure_type", "cumulative", expected)])


def test_a_repeated_code_is_reported_on_every_row_holding_it(config, tmp_path):
    _, problems = _indicators(config, tmp_path, [GOOD[0], _with(GOOD[1], "pi_code", "AA01"), GOOD[2]])
    expected = "each PI code once (this code appears more than once)"
    assert _where(problems) == [(2, "pi_code", "AA01", expected), (3, "pi_code", "AA01", expected)]


@pytest.mark.parametrize(
    "baseline,rebase,problem",
    [
        ("12", "", None),  # exactly spc.min_points (12) is enough
        ("11", "", ("spc_baseline", "11", "a whole number of points, 12 or more")),
        ("12.5", "", ("spc_baseline", "12.5", "a whole number of points, 12 or more")),
        ("", "2022-23 Q1; 2023/24 Q2", None),
        ("", "2022-23 Q1; 2023 Q9", ("spc_rebase", "2023 Q9", "quarters like 2022-23 Q1, separated by ;")),
    ],
)
def test_spc_columns(config, tmp_path, baseline, rebase, problem):
    header = HEADER + ",spc_baseline,spc_rebase"
    rows = [GOOD[0] + f",{baseline},{rebase}", GOOD[1] + ",,", GOOD[2] + ",,"]
    ind, problems = _indicators(config, tmp_path, rows, header=header)
    assert _where(problems) == ([] if problem is None else [(2, *problem)])
    if rebase and problem is None:
        assert ind.loc[0, "spc_rebase"] == "2022-23 Q1;2023-24 Q2"  # written the standard way


def test_a_missing_column_is_named(config, tmp_path):
    header = HEADER.replace(",sensitive", "")
    rows = [",".join(c for i, c in enumerate(r.split(",")) if i != 14) for r in GOOD]
    _, problems = _indicators(config, tmp_path, rows, header=header)
    assert [(p.row, p.column, p.message) for p in problems] == [
        (None, "sensitive", "the column 'sensitive' is missing")
    ]


def test_a_missing_file_stops_with_its_name(config, tmp_path):
    with pytest.raises(CatalogueError) as info:
        read_indicators(config, tmp_path / "indicators.csv")
    (p,) = info.value.problems
    assert p.message == "catalogue file not found" and p.file.endswith("indicators.csv")
    assert "catalogue file not found" in str(info.value)


# --------------------------------------------------------------------------- accountability in indicators.csv
def test_indicators_carry_lead_officer_and_portfolio_holder(config, tmp_path):
    ind, _ = _indicators(config, tmp_path, GOOD)
    assert ind["lead_officer"].tolist() == ["Head of Customer Services", "Head of Waste", "Head of Human Resources"]
    assert ind.loc[1, "portfolio_holder"] == "Cabinet Member for Environment"


def test_indicators_without_accountability_columns_load_with_warnings_not_errors(config, tmp_path):
    header = HEADER.replace(",lead_officer,portfolio_holder", "")
    rows = [",".join(r.split(",")[:-2]) for r in GOOD]
    ind, problems = _indicators(config, tmp_path, rows, header=header)
    assert ind["lead_officer"].tolist() == ["", "", ""] and ind["portfolio_holder"].tolist() == ["", "", ""]
    assert [(p.severity, p.column) for p in problems] == [("warning", "lead_officer"), ("warning", "portfolio_holder")]


def test_a_blank_lead_officer_is_warned_at_its_row(config, tmp_path):
    rows = [GOOD[0], _with(GOOD[1], "lead_officer", ""), GOOD[2]]
    ind, problems = _indicators(config, tmp_path, rows)
    assert ind.loc[1, "lead_officer"] == ""
    assert [(p.severity, p.row, p.column, p.expected) for p in problems] == [
        ("warning", 3, "lead_officer", "a job title")
    ]
