import re

import pandas as pd
import pytest

from perflib.rules.rollups import rollup


def test_rollup_counts_and_shares():
    card = pd.DataFrame(
        {
            "priority": ["P1", "P1", "P1", "P1", "P2", "P2"],
            "status": ["Green", "Green", "Red", "Not due", "Amber", "No data"],
        }
    )
    out = rollup(card, "priority").set_index(["priority", "status"])
    # P1: 4 PIs, 3 rated: Green 2 (50% of all, 66.7% of rated), Red 1
    assert out.loc[("P1", "Green"), "count"] == 2
    assert out.loc[("P1", "Green"), "share"] == pytest.approx(50.0)
    assert out.loc[("P1", "Green"), "share_of_rated"] == pytest.approx(200 / 3)
    assert out.loc[("P1", "Amber"), "count"] == 0  # zeros kept
    assert pd.isna(out.loc[("P1", "Not due"), "share_of_rated"])  # not a rated status
    # P2: one rated PI, Amber = 100% of rated
    assert out.loc[("P2", "Amber"), "share_of_rated"] == pytest.approx(100.0)
    # All
    assert out.loc[("All", "Green"), "count"] == 2 and out.loc[("All", "No data"), "count"] == 1
    assert out.xs("All")["count"].sum() == 6
    assert list(dict.fromkeys(out.index.get_level_values(0))) == ["P1", "P2", "All"]


def test_rollup_empty_group_has_no_division_by_zero():
    card = pd.DataFrame({"d": ["X"], "status": ["Not due"]})
    out = rollup(card, "d").set_index(["d", "status"])
    assert out.loc[("X", "Not due"), "share"] == 100.0
    assert out["share_of_rated"].isna().all()


def test_report_rollup_table_matches_hand_count(prepared, fixture_config):
    from perflib.report.sections import Report

    html = Report("2023-24 Q3", fixture_config, prepared=prepared).overall().html
    table = html[html.index('id="rollup-directorate-caption"') :]
    table = table[: table.index("</table>")]

    def cells(name):
        row = re.search(rf'<th scope="row"[^>]*>{name}</th>(.*?)</tr>', table, re.S).group(1)
        return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)

    # Alpha: AA01 Amber, AA02 Green, AA03 Red, AA04 Amber, AA05 No data -> 1/4 rated Green
    assert cells("Alpha Services") == ["1", "2", "1", "0", "1", "0", "5", "25%"]
    # Beta: BB01 Green, BB02 Data only, BB03 Amber, BB04 Not due, BB05 Red -> 1/3 rated Green
    assert cells("Beta Services") == ["1", "1", "1", "1", "0", "1", "5", "33%"]
    assert cells("All") == ["2", "3", "2", "1", "1", "1", "10", "29%"]
