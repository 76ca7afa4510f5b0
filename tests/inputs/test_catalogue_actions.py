"""The checks on flagship_actions.csv: every problem located by file, row and column, in plain words."""

import pytest

from perflib.core.config import load_config
from perflib.inputs.catalogue_actions import read_actions


@pytest.fixture(scope="module")
def config(fixture_config):
    return load_config(fixture_config)


def _where(problems):
    return sorted((p.row, p.column, p.value, p.expected) for p in problems)


def _with(row: str, column: str, value: str, header: str) -> str:
    cells = row.split(",")
    cells[header.split(",").index(column)] = value
    return ",".join(cells)


ACTIONS_HEADER = "fa_code,parent_code,title,priority,directorate,lead_officer,portfolio_holder,from_quarter"
ACTIONS = [
    "FA01,FA01,Open a contact centre,residents,alpha,Director,Leader of the Council,2022-23 Q1",
    "FA02a,FA02,Food waste: phase 1,clean_safe,beta,Head of Waste,Cabinet Member for Environment,2022/23 Q1",
]


def _actions(config, tmp_path, rows, header=ACTIONS_HEADER):
    path = tmp_path / "flagship_actions.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return read_actions(config, path)


def test_sound_actions(config, tmp_path):
    fa, problems = _actions(config, tmp_path, ACTIONS)
    assert problems == [] and fa["fa_code"].tolist() == ["FA01", "FA02a"]


@pytest.mark.parametrize(
    "column,value,expected",
    [
        ("fa_code", "FA7", "a code like FA07 or FA07a"),
        ("fa_code", "FA02A", "a code like FA07 or FA07a"),
        ("parent_code", "FA02a", "a code like FA07"),
        ("title", "", "a title"),
        ("priority", "growth", "one of residents, clean_safe, supported"),
        ("from_quarter", "2022 Q1", "a quarter like 2022-23 Q1"),
    ],
)
def test_a_bad_action_cell_is_located(config, tmp_path, column, value, expected):
    _, problems = _actions(config, tmp_path, [ACTIONS[0], _with(ACTIONS[1], column, value, ACTIONS_HEADER)])
    assert [(p.row, p.column, p.value, p.expected) for p in problems] == [(3, column, value, expected)]


def test_a_repeated_action_code(config, tmp_path):
    _, problems = _actions(config, tmp_path, [ACTIONS[0], _with(ACTIONS[1], "fa_code", "FA01", ACTIONS_HEADER)])
    expected = "each FA code once (this code appears more than once)"
    assert _where(problems) == [(2, "fa_code", "FA01", expected), (3, "fa_code", "FA01", expected)]


def test_older_actions_call_the_lead_officer_owner(config, tmp_path):
    header = ACTIONS_HEADER.replace("lead_officer", "owner")
    fa, problems = _actions(config, tmp_path, ACTIONS[:1], header=header)
    assert problems == []
    assert fa.loc[0, "lead_officer"] == "Director" and "owner" not in fa


def test_owner_and_lead_officer_both_given_uses_lead_officer(config, tmp_path):
    header = ACTIONS_HEADER.replace("lead_officer", "lead_officer,owner")
    row = ACTIONS[0].replace("Director,", "Director,Someone else,")
    fa, problems = _actions(config, tmp_path, [row], header=header)
    assert fa.loc[0, "lead_officer"] == "Director" and "owner" not in fa
    assert [(p.severity, p.column, p.expected) for p in problems] == [
        ("warning", "owner", "lead_officer or owner, not both")
    ]


def test_actions_without_accountability_columns_load_with_one_warning_each(config, tmp_path):
    header = "fa_code,parent_code,title,priority,directorate,from_quarter"
    rows = ["FA01,FA01,Open a contact centre,residents,alpha,2022-23 Q1"]
    fa, problems = _actions(config, tmp_path, rows, header=header)
    assert fa.loc[0, "lead_officer"] == "" and fa.loc[0, "portfolio_holder"] == ""
    assert [(p.severity, p.row, p.column) for p in problems] == [
        ("warning", None, "lead_officer"),
        ("warning", None, "portfolio_holder"),
    ]


def test_a_blank_portfolio_holder_is_a_located_warning(config, tmp_path):
    row = ACTIONS[0].replace(",Leader of the Council,", ",,")
    fa, problems = _actions(config, tmp_path, [row])
    assert fa.loc[0, "portfolio_holder"] == ""
    assert [(p.severity, p.row, p.column, p.value, p.message) for p in problems] == [
        ("warning", 2, "portfolio_holder", "", "FA01 has no portfolio_holder; it is shown as 'Not assigned'")
    ]
