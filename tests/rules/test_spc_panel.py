"""SPC of the whole panel: agrees with a simple loop on every sample PI and with one PI at a time."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflib.rules import spc, spc_panel

HIGHER, LOWER, RANGE = "higher", "lower", "range"
# --------------------------------------------------------------------------- the sample
REPORT = "2023-24 Q3"


@pytest.fixture(scope="module")
def sample():
    from perflib.build.prepared import prepare_quarter

    return prepare_quarter(REPORT)


def simple_spc(values, direction, target, upper):
    """A second implementation: plain loops over lists, written from the definitions."""
    values = [float(v) for v in values]
    n = len(values)
    if n < 12:
        return {"variation": "Too few points", "assurance": "None", "mean": None, "lcl": None, "ucl": None}
    mean = sum(values) / n
    mrs = [abs(values[i] - values[i - 1]) for i in range(1, n)]
    amr = sum(mrs) / len(mrs)
    if amr > 0:
        kept = [m for m in mrs if round(m, 6) < round(3.267 * amr, 6)]
        amr = sum(kept) / len(kept)
    lcl, ucl = round(mean - 2.66 * amr, 6), round(mean + 2.66 * amr, 6)
    nlcl, nucl = round(mean - 2.66 * 2 / 3 * amr, 6), round(mean + 2.66 * 2 / 3 * amr, 6)
    mean = round(mean, 6)
    side = [(v > mean) - (v < mean) for v in values]
    outside = [v > ucl or v < lcl for v in values]
    close = [not o and (v > nucl or v < nlcl) for v, o in zip(values, outside, strict=True)]
    rule = [None] * n
    direction_of = [0] * n
    # walk the rules from the lowest precedence up, so higher ones overwrite
    for i in range(n - 6):  # runs of 7
        window = side[i : i + 7]
        if window[0] != 0 and all(s == window[0] for s in window):
            for j in range(i, i + 7):
                rule[j], direction_of[j] = "run", side[j]
    for i in range(n - 2):  # 2 of 3
        window = range(i, i + 3)
        s = side[i]
        if s != 0 and all(side[j] == s for j in window) and sum(close[j] for j in window) >= 2:
            for j in window:
                if close[j]:
                    rule[j], direction_of[j] = "two of three", s
    trend_dir = [0] * n
    for i in range(n - 6):  # trends of 7; later windows win a shared point
        steps = [values[j + 1] - values[j] for j in range(i, i + 6)]
        for sign in (1, -1):
            if all(st * sign > 0 for st in steps):
                for j in range(i, i + 7):
                    if trend_dir[j] == 0 or j == i:
                        trend_dir[j] = sign
    for j in range(n):
        if trend_dir[j]:
            rule[j], direction_of[j] = "trend", trend_dir[j]
        if outside[j]:
            rule[j], direction_of[j] = "outside", side[j]
    last = direction_of[-1]
    if rule[-1] is None:
        variation = "Common cause"
    elif direction not in ("higher", "lower"):
        variation = "Special cause neutral"
    else:
        good = 1 if direction == "higher" else -1
        variation = "Special cause improvement" if last == good else "Special cause concern"
    if direction in ("higher", "lower") and target is not None and not math.isnan(target):
        bad_side_is_low = direction == "higher"
        if (target < lcl and bad_side_is_low) or (target > ucl and not bad_side_is_low):
            assurance = "Consistently passing"
        elif (target > ucl and bad_side_is_low) or (target < lcl and not bad_side_is_low):
            assurance = "Consistently failing"
        else:
            assurance = "Hit and miss"
    elif direction == "range" and not math.isnan(target) and not math.isnan(upper):
        if target < lcl and ucl < upper:
            assurance = "Consistently passing"
        elif ucl < target or lcl > upper:
            assurance = "Consistently failing"
        else:
            assurance = "Hit and miss"
    else:
        assurance = "None"
    return {
        "variation": variation,
        "assurance": assurance,
        "mean": mean,
        "lcl": lcl,
        "ucl": ucl,
        "rules": [r or "" for r in rule],
        "signals": direction_of,
    }


def simple_summary(panel: pd.DataFrame, quarter_index: int) -> dict:
    """Loop over the panel's rows PI by PI, oldest first."""
    out = {}
    rows = panel.sort_values(["pi_code", "quarter_index"]).to_dict("records")
    targets = {(r["pi_code"], r["quarter_index"]): r["target"] for r in rows}
    by_pi: dict[str, list] = {}
    for r in rows:
        by_pi.setdefault(r["pi_code"], []).append(r)
    for code, pi_rows in by_pi.items():
        values, last = [], None
        for r in pi_rows:
            if r["quarter_index"] > quarter_index or not r["due"]:
                continue
            figure = r["quarter_value"] if r["measure_type"] == "cumulative" else r["value"]
            if figure is None or math.isnan(figure):
                continue
            values.append(float(figure))
            last = r
        if last is None:
            out[code] = {"variation": "Too few points", "assurance": "None", "n": 0}
            continue
        target = last["target"]
        if last["measure_type"] == "cumulative" and last["unit"] == "count" and last["q"] > 1:
            target = target - targets.get((code, last["quarter_index"] - 1), float("nan"))
        upper = last["target_upper"]
        direction = last["good_direction"]
        res = simple_spc(values, direction, target, upper)
        res["n"] = len(values)
        out[code] = res
    return out


def test_summary_agrees_with_a_simple_loop_for_every_sample_pi(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    summary = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code")
    expected = simple_summary(sample.panel, qi)
    assert list(summary.index) == sample.scorecard["pi_code"].tolist()
    for code, exp in expected.items():
        got = summary.loc[code]
        assert got["spc_variation"] == exp["variation"], code
        assert got["spc_assurance"] == exp["assurance"], code
        assert got["n_points"] == exp["n"], code
        for col in ("mean", "lcl", "ucl"):
            if exp.get(col) is None:
                assert pd.isna(got[col]), (code, col)
            else:
                assert got[col] == pytest.approx(exp[col], abs=1e-9), (code, col)


def test_summary_never_uses_later_quarters(sample):
    from perflib.core.quarters import Quarter

    earlier = Quarter.parse("2022-23 Q4").index
    full = spc_panel.spc_summary(sample.panel, earlier).set_index("pi_code")
    cut = spc_panel.spc_summary(sample.panel[sample.panel["quarter_index"] <= earlier], earlier).set_index("pi_code")
    pd.testing.assert_frame_equal(full, cut)
    assert full.loc["RF01", "n_points"] == 16
    assert full.loc["RF01", "spc_last_period"] == "2022-23 Q4"
    expected = simple_summary(sample.panel, earlier)
    for code, exp in expected.items():
        assert full.loc[code, "spc_variation"] == exp["variation"], code
        assert full.loc[code, "spc_assurance"] == exp["assurance"], code


def test_summary_columns_and_cumulative_pis_use_the_quarters_own_figure(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    points = spc_panel.spc_points(sample.panel, qi)
    cs11 = points[points["pi_code"].eq("CS11")]
    panel = sample.panel.set_index(["pi_code", "quarter"])
    # CS11's year to date is incomplete in 2022-23 Q2-Q4, but its quarters' own figures exist
    assert len(cs11) == 18
    assert cs11["value"].tolist() == [panel.loc[("CS11", q), "quarter_value"] for q in cs11["quarter"]]
    # 2023-24 Q3's own target is the year-to-date target's step: 550 - 350
    assert cs11["target"].iloc[-1] == 200
    summary = spc_panel.spc_summary(sample.panel, qi)
    for col in ("pi_code", "spc_variation", "spc_assurance", "n_points", "mean", "lcl", "ucl"):
        assert col in summary
    assert set(summary["spc_variation"]) <= set(spc.VARIATIONS)
    assert set(summary["spc_assurance"]) <= set(spc.ASSURANCES)
    # annual, biennial PIs have too few points
    s = summary.set_index("pi_code")
    for code in ("RF11", "RF12", "CS09", "CS10", "NS16"):
        assert s.loc[code, "spc_variation"] == spc.TOO_FEW and s.loc[code, "spc_assurance"] == spc.NO_ASSURANCE
    # range PIs are neutral; data-only PIs have no assurance
    assert s.loc["RF09", "spc_variation"] in (spc.COMMON_CAUSE, spc.SPECIAL_NEUTRAL)
    assert s.loc["CS19", "spc_assurance"] == spc.NO_ASSURANCE


def test_methodology_example_online_transactions(sample):
    # docs/methodology.md section 8: RF10 improves past its old upper limit, yet the
    # target is above that limit, so the history's limits say "consistently failing".
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    rf10 = spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF10"]
    assert (rf10["spc_variation"], rf10["spc_assurance"]) == (spc.SPECIAL_IMPROVEMENT, spc.FAILING)
    assert rf10["spc_rule"] == spc.RULE_OUTSIDE and round(rf10["ucl"], 1) == 73.4 and rf10["spc_target"] == 75


def test_summary_takes_baseline_and_rebase_from_the_catalogue(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    cat = pd.DataFrame(
        {"pi_code": ["RF01", "RF02"], "spc_baseline": [12, pd.NA], "spc_rebase": [pd.NA, "2021-22 Q1; 2022-23 Q1"]}
    )
    summary = spc_panel.spc_summary(sample.panel, qi, catalogue=cat).set_index("pi_code")
    points = spc_panel.spc_points(sample.panel, qi)
    rf01 = points[points["pi_code"].eq("RF01")]
    direct = spc.spc_series(rf01["value"].to_numpy(), "lower", target=rf01["target"].to_numpy(), baseline=12)
    assert summary.loc["RF01", "mean"] == direct["mean"].iloc[-1]
    assert summary.loc["RF01", "spc_variation"] == direct.attrs["variation"]
    # RF02 rebased in 2021-22 Q1 (point 8) and 2022-23 Q1 (point 12): only 7 points left
    rf02 = points[points["pi_code"].eq("RF02")]
    direct = spc.spc_series(
        rf02["value"].to_numpy(), "lower", target=rf02["target"].to_numpy(), rebase_positions=[8, 12]
    )
    assert summary.loc["RF02", "spc_variation"] == direct.attrs["variation"] == spc.TOO_FEW
    # a rebase after the report quarter is ignored: never later data
    later = pd.DataFrame({"pi_code": ["RF02"], "spc_baseline": [pd.NA], "spc_rebase": ["2024-25 Q1"]})
    assert (
        spc_panel.spc_summary(sample.panel, qi, catalogue=later).set_index("pi_code").loc["RF02", "lcl"]
        == spc_panel.spc_summary(sample.panel, qi).set_index("pi_code").loc["RF02", "lcl"]
    )


def test_rebase_quarter_without_a_value_starts_at_the_next_point(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    # CS11 has no figure in 2022-23 Q2 (left blank): its rebase falls on 2022-23 Q3
    cat = pd.DataFrame({"pi_code": ["CS11"], "spc_baseline": [pd.NA], "spc_rebase": ["2022-23 Q2"]})
    points = spc_panel.spc_points(sample.panel, qi, catalogue=cat)
    cs11 = points[points["pi_code"].eq("CS11")].reset_index(drop=True)
    first_new = cs11.index[cs11["segment"].eq(1)][0]
    assert cs11.loc[first_new, "quarter"] == "2022-23 Q3"


# --------------------------------------------------------------------------- whole panel = one series at a time
def points_one_pi_at_a_time(panel, quarter_index, catalogue=None):
    """The reference: spc_series on each PI's figures in turn (how spc_points is defined)."""
    figures = spc_panel._figures(panel, quarter_index, True)
    settings = spc_panel._settings(panel, catalogue)
    frames = []
    for code, rows in figures.groupby("pi_code", sort=False):
        base = settings.at[code, "spc_baseline"]
        rebase_at = spc_panel._rebase_quarters(settings.at[code, "spc_rebase"])
        qis = rows["quarter_index"].to_numpy()
        positions = {int(np.searchsorted(qis, r, side="left")) for r in rebase_at if r <= quarter_index}
        res = spc.spc_series(
            rows["figure"].to_numpy(),
            rows["good_direction"].iloc[0],
            rows["target"].to_numpy(),
            rows["target_upper"].to_numpy(),
            baseline=None if pd.isna(base) else int(base),
            rebase_positions=[p for p in positions if 0 < p < len(qis)],
        )
        res.insert(0, "pi_code", code)
        res.insert(1, "quarter_index", qis)
        res.insert(2, "quarter", rows["quarter"].to_numpy())
        res.insert(3, "good_direction", rows["good_direction"].iloc[0])
        frames.append(res)
    out = pd.concat(frames, ignore_index=True)
    out.attrs = {}
    return out


def test_whole_panel_equals_one_pi_at_a_time_on_the_sample(sample):
    qi = int(sample.scorecard["quarter_index"].iloc[0])
    cat = pd.DataFrame({"pi_code": sample.panel["pi_code"].drop_duplicates()})
    cat["spc_baseline"] = [12 if i % 5 == 0 else pd.NA for i in range(len(cat))]
    cat["spc_rebase"] = [("2021-22 Q1; 2022-23 Q1" if i % 7 == 1 else pd.NA) for i in range(len(cat))]
    for catalogue in (None, cat):
        pd.testing.assert_frame_equal(
            spc_panel.spc_points(sample.panel, qi, catalogue), points_one_pi_at_a_time(sample.panel, qi, catalogue)
        )


def _panel_of(series):
    rows = []
    for i, (values, direction, baseline, rebase) in enumerate(series):
        for j, v in enumerate(values):
            qi = 2019 * 4 + j
            rows.append(
                {
                    "pi_code": f"P{i}",
                    "quarter_index": qi,
                    "quarter": f"{qi // 4}-{qi % 100 // 4:02d} Q{qi % 4 + 1}",
                    "q": qi % 4 + 1,
                    "due": v is not None,
                    "value": v,
                    "quarter_value": v,
                    "measure_type": "snapshot",
                    "unit": "percent",
                    "good_direction": direction,
                    "target": 50.0,
                    "target_upper": 60.0 if direction == "range" else np.nan,
                    "spc_baseline": baseline,
                    "spc_rebase": rebase,
                }
            )
    return pd.DataFrame(rows)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(
                st.one_of(
                    st.none(),
                    st.sampled_from([40.0, 45.0, 50.0, 50.0, 55.0, 60.0]),
                    st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)),
                ),
                max_size=30,
            ),
            st.sampled_from(["higher", "lower", "range", None]),
            st.sampled_from([np.nan, 12.0, 15.0]),
            st.sampled_from([None, "2020-21 Q1", "2020-21 Q3; 2021-22 Q2"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_whole_panel_equals_one_pi_at_a_time(series):
    panel = _panel_of(series)
    if panel.empty or not panel["value"].notna().any():
        return
    qi = int(panel["quarter_index"].max())
    pd.testing.assert_frame_equal(spc_panel.spc_points(panel, qi), points_one_pi_at_a_time(panel, qi))
