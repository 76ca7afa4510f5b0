"""The embedded sample data: catalogue CSVs and the generated quarterly returns.

Expected values come from the specification of the sample (data/catalogue/README.md,
data/raw/README.md and the March 2024 Cabinet report it imitates), not from the
generator's output.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from perflib.inputs import layout as fmt

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "data" / "catalogue"
RAW = ROOT / "data" / "raw"
YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
# 2019-20 Q1 .. 2023-24 Q3, written out by hand
QUARTERS = [f"{y}-Q{q}" for y in YEARS[:4] for q in (1, 2, 3, 4)] + ["2023-24-Q1", "2023-24-Q2", "2023-24-Q3"]
DIRECTORATES = ["resources", "place", "housing", "people"]
LATE = ("2022-23-Q2", "housing")
QUARTER_ENDS = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}
# 2023-24 Q3: health checks (people) and food hygiene (place) give their own forecast outturn
SERVICE_FORECASTS = {("2023-24-Q3", "people"): {"NS15": 4900}, ("2023-24-Q3", "place"): {"CS18": 90.5}}


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(CATALOGUE / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def council() -> dict:
    return yaml.safe_load((ROOT / "data" / "council.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ind() -> pd.DataFrame:
    return _csv("indicators.csv")


@pytest.fixture(scope="module")
def tgt() -> pd.DataFrame:
    frame = _csv("targets.csv")
    for col in ("target", "target_upper", "tolerance", "q1_target", "q2_target", "q3_target", "q4_target"):
        frame[col] = pd.to_numeric(frame[col].replace("", None))
    return frame


@pytest.fixture(scope="module")
def fa() -> pd.DataFrame:
    return _csv("flagship_actions.csv")


@cache
def _rows(path: Path, sheet: str) -> list[tuple]:
    return [tuple(r) for r in load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)]


#: The first quarter whose returns carry Planned action and Action due.
PLANNED_FROM = "2023-24-Q1"


def _returns():
    for folder in QUARTERS:
        for d in DIRECTORATES:
            if (folder, d) != LATE:
                yield folder, d, RAW / folder / f"{d}.xlsx"


def _indicator_frame(path: Path) -> pd.DataFrame:
    rows = _rows(path, fmt.INDICATORS_SHEET)
    width = len(fmt.INDICATOR_COLUMNS)  # the optional "Forecast outturn" column, where present, is after these
    return pd.DataFrame([r[:width] for r in rows[1:]], columns=list(fmt.INDICATOR_COLUMNS), dtype=object)


def _is_due(pi: pd.Series, folder: str) -> bool:
    start, q = int(folder[:4]), int(folder[-1])
    if pi["frequency"] == "quarterly":
        return True
    if pi["reporting_quarter"] != f"Q{q}":
        return False
    return pi["frequency"] == "annual" or (start - int(pi["first_year"][:4])) % 2 == 0


# --------------------------------------------------------------------------- catalogue
def test_indicator_codes(ind):
    assert 40 <= len(ind) <= 60
    assert ind["pi_code"].is_unique
    assert ind["pi_code"].str.fullmatch(r"[A-Z]{2}\d{2}").all()
    prefix = {"RF": "residents", "CS": "clean_safe", "NS": "supported"}
    assert (ind["pi_code"].str[:2].map(prefix) == ind["priority"]).all()


def test_indicator_enums(ind):
    assert ind["good_direction"].isin(["higher", "lower", "range"]).all()
    assert ind["unit"].isin(["percent", "count", "number", "days", "seconds", "weeks"]).all()
    assert ind["decimals"].isin(["0", "1", "2"]).all()
    assert ind["frequency"].isin(["quarterly", "annual", "biennial"]).all()
    assert ind["measure_type"].isin(["in_quarter", "cumulative", "snapshot"]).all()
    assert ind["sensitive"].isin(["yes", "no"]).all()
    quarterly = ind["frequency"].eq("quarterly")
    assert ind.loc[quarterly, "reporting_quarter"].eq("").all()
    assert ind.loc[~quarterly, "reporting_quarter"].isin(["Q1", "Q2", "Q3", "Q4"]).all()
    biennial = ind["frequency"].eq("biennial")
    assert ind.loc[biennial, "first_year"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert ind.loc[~biennial, "first_year"].eq("").all()
    assert (ind["definition"].str.len() > 60).all() and ind["source"].ne("").all()


def test_ratio_and_cumulative_rules(ind):
    has_num, has_den = ind["numerator_label"].ne(""), ind["denominator_label"].ne("")
    assert (has_num == has_den).all()
    assert ind.loc[has_den, "unit"].eq("percent").all()
    cumulative = ind[ind["measure_type"].eq("cumulative")]
    assert (
        cumulative["unit"].eq("count") | (cumulative["unit"].eq("percent") & cumulative["denominator_label"].ne(""))
    ).all()
    assert set(ind["unit"]) >= {"percent", "count", "number", "days", "seconds"}


def test_priorities_and_directorates_exist(ind, fa, council):
    priorities = {p["id"] for p in council["priorities"]}
    directorates = {d["id"] for d in council["directorates"]}
    assert set(ind["priority"]) == priorities and set(ind["directorate"]) == directorates
    assert set(fa["priority"]) == priorities and set(fa["directorate"]) == directorates


def test_flagship_actions(fa):
    assert 20 <= len(fa) <= 30 and fa["fa_code"].is_unique
    assert fa["parent_code"].nunique() == 24
    split = fa[fa["fa_code"].ne(fa["parent_code"])]
    assert len(split) >= 2
    assert (split["fa_code"].str[:-1] == split["parent_code"]).all()
    assert split["fa_code"].str[-1].isin(list("abcd")).all()
    assert (split.groupby("parent_code").size() >= 2).all()
    assert fa["fa_code"].str.fullmatch(r"FA\d{2}[a-z]?").all()
    assert fa["from_quarter"].eq("2022-23 Q1").all()
    assert fa["lead_officer"].str.match(r"(Director|Head|.*Manager)").all()
    assert fa["portfolio_holder"].str.match(r"(Cabinet Member for |Leader of the Council)").all()


def test_every_pi_names_its_lead_officer_and_portfolio_holder(ind):
    assert ind["lead_officer"].str.match(r"(Director|Head|.*Manager)").all()
    assert ind["portfolio_holder"].str.match(r"(Cabinet Member for |Leader of the Council)").all()
    # one portfolio per area of work, not one per PI
    assert 5 <= ind["portfolio_holder"].nunique() <= 12


def test_targets_reference_pis_and_years(tgt, ind):
    assert set(tgt["pi_code"]) <= set(ind["pi_code"])
    assert set(tgt["financial_year"]) == set(YEARS)
    assert not tgt.duplicated(["pi_code", "financial_year"]).any()
    assert (tgt.groupby("pi_code")["financial_year"].nunique() == len(YEARS)).all()
    assert tgt["tolerance_type"].isin(["absolute", "percent"]).all()
    assert set(tgt["tolerance_type"]) == {"absolute", "percent"}
    assert (tgt["tolerance"] >= 0).all() and tgt["target"].notna().all()


def test_a_target_changes_between_years(tgt):
    changes = tgt.groupby("pi_code")["target"].nunique()
    assert (changes > 1).any()
    recycling = tgt[tgt["pi_code"].eq("CS01")].set_index("financial_year")["target"]
    assert recycling["2022-23"] == 40 and recycling["2023-24"] == 42


def test_range_targets_have_a_band(tgt, ind):
    ranges = set(ind.loc[ind["good_direction"].eq("range"), "pi_code"])
    rows = tgt[tgt["pi_code"].isin(ranges)]
    assert (rows["target_upper"] >= rows["target"]).all()
    assert tgt.loc[~tgt["pi_code"].isin(ranges), "target_upper"].isna().all()


def test_cumulative_counts_have_year_to_date_profiles(tgt, ind):
    codes = set(ind.loc[ind["measure_type"].eq("cumulative") & ind["unit"].eq("count"), "pi_code"])
    rows = tgt[tgt["pi_code"].isin(codes)]
    assert len(rows) > 0
    profile = rows[["q1_target", "q2_target", "q3_target", "q4_target"]]
    assert profile.notna().all().all()
    assert (profile.diff(axis=1).iloc[:, 1:] > 0).all().all()  # year to date grows
    assert (rows["q4_target"] == rows["target"]).all()


def test_kinds_of_pi_are_all_present(ind, tgt):
    data_only = set(ind["pi_code"]) - set(tgt["pi_code"])
    assert len(data_only) >= 2
    assert ind["frequency"].eq("annual").sum() >= 3
    assert ind["frequency"].eq("biennial").sum() >= 2
    assert ind["good_direction"].eq("range").sum() >= 4
    feel_safe = ind.set_index("pi_code").loc["CS10"]
    assert (feel_safe["frequency"], feel_safe["reporting_quarter"], feel_safe["first_year"]) == (
        "biennial",
        "Q3",
        "2019-20",
    )


def test_catalogue_loads_with_perflib():
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import load_catalogue

    cat = load_catalogue(load_config(ROOT / "data" / "council.yml"))
    assert len(cat.indicators) == len(_csv("indicators.csv"))


# --------------------------------------------------------------------------- returns
def test_quarter_folders_and_files():
    # data/raw/benchmarks/ holds comparator data (scripts/make_benchmark_data.py), not a quarter
    assert sorted(p.name for p in RAW.iterdir() if p.is_dir() and p.name != "benchmarks") == sorted(QUARTERS)
    assert len(QUARTERS) == 19
    for folder in QUARTERS:
        names = {p.name for p in (RAW / folder).iterdir()}
        expected = {f"{d}.xlsx" for d in DIRECTORATES} | {fmt.NARRATIVE_FILE}
        if folder == LATE[0]:
            expected.discard("housing.xlsx")
        assert names == expected, folder


@pytest.mark.parametrize("folder,directorate,path", list(_returns()), ids=lambda x: str(x).split("/")[-1])
def test_return_layout(folder, directorate, path, council):
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == [fmt.COVER_SHEET, fmt.INDICATORS_SHEET, fmt.ACTIONS_SHEET]
    cover = {r[0]: r[1] for r in _rows(path, fmt.COVER_SHEET)}
    assert list(cover) == list(fmt.COVER_FIELDS.values())
    assert cover[fmt.COVER_FIELDS["council"]] == council["council_name"] == "London Borough of Brentmoor"
    assert cover[fmt.COVER_FIELDS["directorate"]] == directorate
    assert cover[fmt.COVER_FIELDS["quarter"]] == folder[:7] + " " + folder[-2:]
    assert cover[fmt.COVER_FIELDS["completed_by"]]
    start, q = int(folder[:4]), int(folder[-1])
    end = dt.date(start + (q == 4), *QUARTER_ENDS[q])
    lag = (cover[fmt.COVER_FIELDS["submitted"]].date() - end).days
    assert 5 <= lag <= 20
    forecasts = SERVICE_FORECASTS.get((folder, directorate))
    optional = [fmt.INDICATOR_OPTIONAL_COLUMNS["service_forecast"]] if forecasts else []
    # from 2023-24 Q1 returns carry Planned action and Action due; older ones keep the old layout
    new_layout = folder >= PLANNED_FROM
    planned = [fmt.INDICATOR_OPTIONAL_COLUMNS[k] for k in ("planned_action", "action_due")] if new_layout else []
    rows = _rows(path, fmt.INDICATORS_SHEET)
    assert list(rows[0]) == list(fmt.INDICATOR_COLUMNS.values()) + planned + optional
    if forecasts:
        given = {r[0]: r[-1] for r in rows[1:] if r[-1] is not None}
        assert given == forecasts
    fa_header = list(fmt.ACTION_COLUMNS.values())
    if not new_layout:
        fa_header[2] = fmt.ACTION_LEGACY_COLUMNS["owner"]
    assert list(_rows(path, fmt.ACTIONS_SHEET)[0]) == fa_header


def test_red_pis_of_the_sample_quarter_mostly_have_a_planned_action_due_after_it():
    from perflib.build.prepared import prepare_quarter

    card = prepare_quarter("2023-24 Q3").scorecard
    red = card[card["status"].eq("Red")]
    with_plan = red[red["planned_action"].ne("")]
    assert len(red) >= 5 and len(with_plan) >= 0.75 * len(red)
    assert with_plan["action_due"].gt("2023-12-31").all()  # every date after the quarter's end


@pytest.mark.parametrize("folder,directorate,path", list(_returns()), ids=lambda x: str(x).split("/")[-1])
def test_indicator_rows(folder, directorate, path, ind, tgt):
    rows = _indicator_frame(path)
    mine = ind[ind["directorate"].eq(directorate)]
    due = [c for c, (_, pi) in zip(mine["pi_code"], mine.iterrows(), strict=True) if _is_due(pi, folder)]
    assert rows["pi_code"].tolist() == due
    cat = ind.set_index("pi_code")
    targets = tgt[tgt["financial_year"].eq(folder[:7])].set_index("pi_code")
    for _, r in rows.iterrows():
        pi = cat.loc[r["pi_code"]]
        assert (r["title"], r["unit"], r["good_direction"]) == (pi["title"], pi["unit"], pi["good_direction"])
        assert isinstance(r["commentary"], str) and len(r["commentary"]) > 20
        value, num, den, dec = r["value"], r["numerator"], r["denominator"], int(pi["decimals"])
        if pi["unit"] == "percent":
            assert 0 <= value <= 100
        if pi["unit"] == "count":
            assert isinstance(value, int) and value >= 0
        if pi["denominator_label"]:
            assert isinstance(num, int) and isinstance(den, int) and 0 <= num <= den and den > 0
            assert value == round(100 * num / den, dec)
        else:
            assert num is None and den is None
        if r["pi_code"] not in targets.index:
            assert r["target"] is None  # data only
            continue
        t = targets.loc[r["pi_code"]]
        # a single quarter's figure that misses its target needs a corrective action
        if pi["measure_type"] != "cumulative":
            missed = {
                "higher": value < t["target"],
                "lower": value > t["target"],
                "range": not (t["target"] <= value <= t["target_upper"]),
            }[pi["good_direction"]]
            if missed:
                assert isinstance(r["corrective_action"], str) and len(r["corrective_action"]) > 20, r["pi_code"]


def test_cumulative_returns_carry_the_quarters_own_figure():
    # year to date would grow quarter on quarter; the quarters' own figures do not
    for code, directorate in (("NS04", "place"), ("CS11", "housing")):
        values = [
            _indicator_frame(RAW / f"2023-24-Q{q}" / f"{directorate}.xlsx").set_index("pi_code").loc[code, "value"]
            for q in (1, 2, 3)
        ]
        targets = [
            _indicator_frame(RAW / f"2023-24-Q{q}" / f"{directorate}.xlsx").set_index("pi_code").loc[code, "target"]
            for q in (1, 2, 3)
        ]
        assert targets[0] < targets[1] < targets[2]  # the year-to-date profile
        assert values[2] < sum(values)  # each value is one quarter, not the total


def test_sensitive_small_counts_sometimes_below_five(ind):
    for code in ind.loc[ind["sensitive"].eq("yes"), "pi_code"]:
        directorate = ind.set_index("pi_code").loc[code, "directorate"]
        values = [
            _indicator_frame(RAW / f / f"{directorate}.xlsx").set_index("pi_code").loc[code, "value"] for f in QUARTERS
        ]
        assert any(1 <= v <= 4 for v in values), code


def _value(folder: str, code: str, ind: pd.DataFrame) -> pd.Series:
    directorate = ind.set_index("pi_code").loc[code, "directorate"]
    return _indicator_frame(RAW / folder / f"{directorate}.xlsx").set_index("pi_code").loc[code]


@pytest.mark.parametrize(
    "code", ["RF01", "RF03", "CS05", "CS06", "CS07", "CS13", "NS05", "NS08", "NS09", "NS10", "NS11"]
)
def test_cabinet_report_reds_in_2023_24_q3(code, ind, tgt):
    """The March 2024 report's areas for improvement are Red: past target and tolerance."""
    t = tgt[(tgt["pi_code"] == code) & (tgt["financial_year"] == "2023-24")].iloc[0]
    tol = t["tolerance"] if t["tolerance_type"] == "absolute" else t["target"] * t["tolerance"] / 100
    value = _value("2023-24-Q3", code, ind)["value"]
    direction = ind.set_index("pi_code").loc[code, "good_direction"]
    assert value < t["target"] - tol if direction == "higher" else value > t["target"] + tol


@pytest.mark.parametrize("code", ["CS01", "CS02", "CS08", "CS14", "CS15", "NS01", "NS04"])
def test_cabinet_report_achievements_green_in_2023_24_q3(code, ind, tgt):
    t = tgt[(tgt["pi_code"] == code) & (tgt["financial_year"] == "2023-24")].iloc[0]
    pi = ind.set_index("pi_code").loc[code]
    if pi["measure_type"] == "cumulative":
        quarters = [_value(f"2023-24-Q{q}", code, ind) for q in (1, 2, 3)]
        if pi["unit"] == "count":
            value, target = sum(r["value"] for r in quarters), t["q3_target"]
        else:
            value = 100 * sum(r["numerator"] for r in quarters) / sum(r["denominator"] for r in quarters)
            target = t["target"]
    else:
        value, target = _value("2023-24-Q3", code, ind)["value"], t["target"]
    assert value >= target if pi["good_direction"] == "higher" else value <= target


def test_flagship_action_sheets(fa, council):
    statuses = {s["status"] for s in council["flagship_action_statuses"]}
    history: dict[str, list[str]] = {}
    for folder, directorate, path in _returns():
        rows = _rows(path, fmt.ACTIONS_SHEET)[1:]
        if folder < "2022-23-Q1":
            assert rows == []
            continue
        expected = fa.loc[fa["directorate"].eq(directorate), "fa_code"].tolist()
        assert [r[0] for r in rows] == expected
        for code, _title, _owner, status, update in rows:
            assert status in statuses and isinstance(update, str) and len(update) > 15
            history.setdefault(code, []).append(status)
    assert len(history) == len(fa)
    for code, seq in history.items():
        if "Complete" in seq:
            assert set(seq[seq.index("Complete") :]) == {"Complete"}, code
    assert any(s[0] == "Not started" for s in history.values())
    assert any(s[-1] == "Complete" for s in history.values())
    assert any("Off track" in s for s in history.values())


@pytest.mark.parametrize("folder", QUARTERS)
def test_narrative(folder, council):
    path = RAW / folder / fmt.NARRATIVE_FILE
    assert load_workbook(path, read_only=True).sheetnames == [fmt.NARRATIVE_SHEET]
    rows = _rows(path, fmt.NARRATIVE_SHEET)
    assert list(rows[0]) == list(fmt.NARRATIVE_COLUMNS.values())
    frame = pd.DataFrame(rows[1:], columns=["priority", "kind", "text"])
    assert frame["kind"].isin(list(fmt.NARRATIVE_KINDS.values())).all()
    assert frame["text"].str.len().gt(20).all()
    counts = frame.groupby(["priority", "kind"]).size()
    assert len(counts) == 3 * 2
    assert set(frame["priority"]) == {p["id"] for p in council["priorities"]}
    assert counts.between(2, 5).all()


def test_no_real_place_names():
    banned = re.compile(r"Harrow|Stanmore|Rayners|Wealdstone|Pinner|Edgware|Grange Farm|Headstone", re.I)
    for path in [*CATALOGUE.glob("*.csv"), ROOT / "scripts" / "make_sample_data.py"]:
        assert not banned.search(path.read_text(encoding="utf-8")), path
    for folder in ("2023-24-Q3", "2022-23-Q4"):
        for path in (RAW / folder).glob("*.xlsx"):
            for sheet in load_workbook(path, read_only=True).sheetnames:
                text = " ".join(str(c) for r in _rows(path, sheet) for c in r if c is not None)
                assert not banned.search(text), path


def test_regeneration_is_byte_identical(tmp_path):
    out = tmp_path / "raw"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    for folder in ("2023-24-Q3", "2022-23-Q2"):
        committed = sorted(p.name for p in (RAW / folder).iterdir())
        assert sorted(p.name for p in (out / folder).iterdir()) == committed
        for name in committed:
            assert (out / folder / name).read_bytes() == (RAW / folder / name).read_bytes(), f"{folder}/{name}"
