"""The return layout in one place: what people are told, what templates write, what the loader reads."""

import re

import fixture_data
import pytest
from openpyxl import Workbook

from perflib.core import paths
from perflib.core.config import load_config
from perflib.core.problems import WARNING
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")


def test_every_label_is_in_the_guide_for_services():
    guide = (paths.DATA_DIR / "raw" / "README.md").read_text(encoding="utf-8")
    sheets = [fmt.COVER_SHEET, fmt.INDICATORS_SHEET, fmt.ACTIONS_SHEET, fmt.MONTHLY_SHEET, fmt.NARRATIVE_SHEET]
    for sheet in sheets:
        assert f"Sheet `{sheet}`" in guide, sheet
    assert f"`{fmt.NARRATIVE_FILE}`" in guide
    for label in fmt.COVER_FIELDS.values():
        assert f"| {label} |" in guide, label
    for label in [*fmt.INDICATOR_COLUMNS.values(), *fmt.INDICATOR_EXTRA_COLUMNS.values(), *fmt.ACTION_COLUMNS.values()]:
        assert re.search(rf"\| (\*\*)?{re.escape(label)}(\*\*)? \|", guide), label
    for label in [*fmt.MONTHLY_COLUMNS.values(), *fmt.NARRATIVE_COLUMNS.values(), *fmt.NARRATIVE_KINDS.values()]:
        assert f"`{label}`" in guide, label
    # the columns a service fills in are the bold ones
    for name in fmt.INDICATOR_INPUT_COLUMNS + fmt.ACTION_INPUT_COLUMNS:
        label = {**fmt.INDICATOR_COLUMNS, **fmt.ACTION_COLUMNS}[name]
        assert f"| **{label}** | service |" in guide, label


def test_input_columns_are_columns_of_their_sheet():
    assert set(fmt.INDICATOR_INPUT_COLUMNS) <= set(fmt.INDICATOR_COLUMNS)
    assert set(fmt.ACTION_INPUT_COLUMNS) <= set(fmt.ACTION_COLUMNS)
    assert set(fmt.INDICATOR_EXTRA_COLUMNS.values()).isdisjoint(fmt.INDICATOR_COLUMNS.values())
    assert list(fmt.INDICATOR_COLUMNS)[0] == "pi_code" and list(fmt.ACTION_COLUMNS)[0] == "fa_code"


@pytest.mark.parametrize(
    "label,is_reference",
    [
        (fmt.previous_value_label("2023-24 Q2"), True),
        (fmt.previous_value_label("1999-00 Q4"), True),
        ("Value 2023-24 Q5", False),
        ("Value 2023/24 Q2", False),
        ("Value", False),  # the input column itself
        ("Value 2023-24 Q2 (revised)", False),
    ],
)
def test_previous_value_columns(label, is_reference):
    assert fmt.previous_value_label("2023-24 Q2") == "Value 2023-24 Q2"
    assert bool(re.match(fmt.PREVIOUS_VALUE_PATTERN, label)) is is_reference


def _template_like_return(path, extra=()):
    """Alpha's 2023-24 Q3 return with every column a template has, in another order."""
    wb = Workbook()
    cover = wb.active
    cover.title = fmt.COVER_SHEET
    cover_values = {"council": "Testshire District Council", "directorate": "alpha", "quarter": "2023-24 Q3",
                    "completed_by": "A. Officer", "submitted": Q3.end_date}  # fmt: skip
    for key, label in fmt.COVER_FIELDS.items():
        cover.append([label, cover_values[key]])
    ind = wb.create_sheet(fmt.INDICATORS_SHEET)
    c = fmt.INDICATOR_COLUMNS
    header = [c["pi_code"], c["title"], fmt.INDICATOR_EXTRA_COLUMNS["definition"], c["unit"], c["good_direction"],
              c["target"], fmt.previous_value_label("2023-24 Q2"), c["commentary"], c["corrective_action"],
              c["denominator"], c["numerator"], c["value"], *extra]  # fmt: skip
    ind.append(header)
    for code, value, num, den, comm, corr in fixture_data.RETURNS["2023-24 Q3"]["alpha"]:
        ind.append([code, "title", "definition", "", "", "", 1.0, comm or None, corr or None, den, num, value])
    act = wb.create_sheet(fmt.ACTIONS_SHEET)
    act.append([fmt.ACTION_COLUMNS[k] for k in ("status", "update", "fa_code", "lead_officer", "title")])
    act.append(["On track", "Building works under way", "FA01", "owner", "title"])
    wb.create_sheet(fmt.INSTRUCTIONS_SHEET).append(["How to fill in this return"])
    wb.save(path)


def test_a_return_written_from_the_layout_is_read_in_full(fresh_fixture):
    config = load_config(fresh_fixture)
    _template_like_return(config.raw_quarter_dir(Q3) / "alpha.xlsx")
    loaded = load_quarter(config, load_catalogue(config), Q3)
    assert loaded.problems == []
    got = loaded.indicators[loaded.indicators["directorate"] == "alpha"].set_index("pi_code")
    for code, value, num, den, comm, corr in fixture_data.RETURNS["2023-24 Q3"]["alpha"]:
        row = got.loc[code]
        assert not row["rejected"]
        written = [float("nan") if v is None else v for v in (value, num, den)]
        assert [row["value"], row["numerator"], row["denominator"]] == pytest.approx(written, nan_ok=True)
        assert (row["commentary"], row["corrective_action"]) == (comm, corr)
    fa = loaded.actions.set_index("fa_code")
    assert (fa.loc["FA01", "status"], fa.loc["FA01", "update"]) == ("On track", "Building works under way")


def test_a_column_not_in_the_layout_is_named(fresh_fixture):
    config = load_config(fresh_fixture)
    _template_like_return(config.raw_quarter_dir(Q3) / "alpha.xlsx", extra=("Notes",))
    loaded = load_quarter(config, load_catalogue(config), Q3)
    assert [(p.severity, p.sheet, p.column) for p in loaded.problems] == [(WARNING, fmt.INDICATORS_SHEET, "Notes")]
