"""Commentary that would give a suppressed count away: found, located and withheld (by hand)."""

import pandas as pd

from perflib.rules import disclosure


def test_numbers_below_the_threshold_in_digits_and_words():
    assert disclosure.small_numbers("3 this quarter", 5) == ["3"]
    assert disclosure.small_numbers("Two permanent exclusions", 5) == ["Two"]
    assert disclosure.small_numbers("three children and 4 families", 5) == ["4", "three"]
    assert disclosure.small_numbers("a couple of cases", 5) == ["a couple of"]


def test_what_is_not_a_small_count():
    assert disclosure.small_numbers("5 this quarter, 12 last year", 5) == []  # 5 is published as it is
    assert disclosure.small_numbers("0 exclusions", 5) == []  # zero identifies nobody
    assert disclosure.small_numbers("In 2023-24 Q3, 3.5% were absent; £3m saved", 5) == []
    assert disclosure.small_numbers("No one was excluded; one of our priorities", 5) == []
    assert disclosure.small_numbers(None, 5) == []


def _card():
    return pd.DataFrame(
        {
            "pi_code": ["NS07", "NS11", "RF01"],
            "sensitive": ["yes", "yes", "no"],
            "commentary": ["3 this quarter", "7 in the quarter, up from 5", "2 staff on leave"],
            "corrective_action": ["", "Two panels a month", None],
            "file": ["data/raw/2023-24-Q3/people.xlsx", "data/raw/2023-24-Q3/people.xlsx", "r.xlsx"],
            "row": [4, 9, 2],
            "directorate": ["people", "people", "resources"],
        }
    )


def test_found_located_and_withheld_leaving_the_rest():
    card = _card()
    found = disclosure.find_disclosures(card, 5)
    # NS07's commentary and NS11's corrective action; RF01 is not sensitive
    assert sorted(zip(found["pi_code"], found["column"], strict=True)) == [
        ("NS07", "commentary"),
        ("NS11", "corrective_action"),
    ]
    problems = disclosure.disclosure_problems(found, 5)
    ns07 = next(p for p in problems if p.pi_code == "NS07")
    assert (ns07.file, ns07.sheet, ns07.row, ns07.column) == (
        "data/raw/2023-24-Q3/people.xlsx",
        "Indicators",
        4,
        "Commentary",
    )
    assert "3 this quarter" not in ns07.line() and ns07.value == ""
    out = disclosure.withhold(card, found).set_index("pi_code")
    assert out.loc["NS07", "commentary"] == disclosure.NOTICE
    assert out.loc["NS11", "commentary"] == "7 in the quarter, up from 5"  # nothing else altered
    assert out.loc["NS11", "corrective_action"] == disclosure.NOTICE
    assert out.loc["RF01", "commentary"] == "2 staff on leave"


def test_a_planned_action_stating_a_small_number_is_withheld_and_located():
    card = _card().assign(planned_action=["Recruit more social workers", "Two extra panels by March", "3 hires"])
    found = disclosure.find_disclosures(card, 5)
    planned = found[found["column"].eq("planned_action")]
    assert planned["pi_code"].tolist() == ["NS11"]  # RF01 is not sensitive; NS07's plan states no number
    (p,) = [x for x in disclosure.disclosure_problems(planned, 5)]
    assert (p.column, p.row, p.pi_code) == ("Planned action", 9, "NS11")
    out = disclosure.withhold(card, planned)
    assert out.at[1, "planned_action"] == disclosure.NOTICE and out.at[1, "commentary"] == card.at[1, "commentary"]
