"""Monthly figures roll up to the quarter by measure type (docs/methodology.md, section 1)."""

import datetime as dt

from openpyxl import load_workbook

from perflib.build.prepared import prepare_quarter
from perflib.inputs import layout as fmt


def _with_monthly(config_path, monthly_rows, blank=("AA01", "AA03", "AA04")):
    path = config_path.parent / "raw" / "2023-24-Q3" / "alpha.xlsx"
    wb = load_workbook(path)
    ws = wb[fmt.INDICATORS_SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in blank:
            for c in row[5:8]:
                c.value = None
    m = wb.create_sheet(fmt.MONTHLY_SHEET)
    m.append(list(fmt.MONTHLY_COLUMNS.values()))
    for r in monthly_rows:
        m.append(list(r))
    wb.save(path)


def test_monthly_roll_up_matches_the_quarterly_figures(fresh_fixture):
    _with_monthly(
        fresh_fixture,
        [
            # AA01 rate: (280 + 290 + 280) / (330 + 340 + 330) = 850 / 1000 = 85.0%
            ("AA01", 1, None, 280, 330),
            ("AA01", "November", None, 290, 340),
            ("AA01", "Dec", None, 280, 330),
            # AA03 snapshot: the last month, 13.5
            ("AA03", "October", 12.0),
            ("AA03", dt.date(2023, 11, 30), 13.0),
            ("AA03", 3, 13.5),
            # AA04 count: 30 + 35 + 30 = 95
            ("AA04", 1, 30),
            ("AA04", 2, 35),
            ("AA04", 3, 30),
        ],
    )
    prepared = prepare_quarter("2023-24 Q3", fresh_fixture)
    assert prepared.problems[prepared.problems["severity"] == "error"].empty
    card = prepared.scorecard.set_index("pi_code")
    assert card.loc["AA01", "value"] == 85.0 and card.loc["AA01", "status"] == "Amber"
    assert (card.loc["AA01", "numerator"], card.loc["AA01", "denominator"]) == (850, 1000)
    assert card.loc["AA03", "value"] == 13.5 and card.loc["AA03", "status"] == "Red"
    assert card.loc["AA04", "quarter_value"] == 95 and card.loc["AA04", "value"] == 285  # year to date
    assert card.loc["AA01", "commentary"] == "Busy quarter"  # commentary still from the Indicators row


def test_monthly_problems(fresh_fixture):
    _with_monthly(
        fresh_fixture,
        [
            ("AA01", 1, None, 280, 330),
            ("AA01", 2, None, 290, 340),  # a month missing
            ("AA02", 1, 50),
            ("AA02", 2, 60),
            ("AA02", 3, 70),  # an average: cannot combine
            ("AA04", "Smarch", 30),  # month not understood
        ],
        blank=("AA01", "AA04"),
    )
    prepared = prepare_quarter("2023-24 Q3", fresh_fixture)
    errors = prepared.problems[prepared.problems["severity"] == "error"]
    text = " | ".join(errors["message"])
    assert "all three months are needed" in text
    assert "a quarterly value and monthly figures were both given" in text  # AA02 kept its quarterly value
    assert "month not understood" in text
    card = prepared.scorecard.set_index("pi_code")
    assert card.loc["AA01", "status"] == "No data" and "monthly figures" in card.loc["AA01", "status_reason"]
    assert card.loc["AA02", "status"] == "No data"
    assert len(card) == 10


def test_monthly_average_is_rejected(fresh_fixture):
    _with_monthly(fresh_fixture, [("AA02", 1, 50), ("AA02", 2, 60), ("AA02", 3, 70)], blank=("AA02",))
    prepared = prepare_quarter("2023-24 Q3", fresh_fixture)
    assert prepared.problems["message"].str.contains("average cannot be combined").any()
