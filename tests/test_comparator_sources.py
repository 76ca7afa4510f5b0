"""Comparator sources as government publishes them (perflib/comparator_*.py), checked by hand.

Every expectation below was worked out by hand from docs/comparators.md before
the code was run: period dates from the calendar (academic year 1 September -
31 August, financial 1 April - 31 March), the period rule (latest period ending
on or before the quarter's last day, and no earlier than the look-back before
it), markers and 0/0 rows as missing figures, and the newest release winning.
The DfE fixtures follow the explore-education-statistics open data standards:
``time_period``/``time_identifier``, ``geographic_level`` with National,
Regional and Local authority rows, ``new_la_code``/``la_name``, filters, then
indicators.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from pathlib import Path

import pandas as pd
import pytest

from perflib import benchmarking as bm
from perflib.comparator_periods import Period, PeriodError, choose_period, months_before, parse_period
from perflib.comparator_sample import AREAS, OWN_CODE, RELEASES, make_dfe_sample, write_dfe_sample
from perflib.comparator_sources import (
    SOURCE_COLUMNS,
    compare_quarter,
    comparison_period,
    comparison_rows,
    load_comparator_sources,
)
from perflib.funnel import Z_998, funnel_plot
from perflib.validation import ERROR, WARNING

D = dt.date
GEOG = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name," \
       "old_la_code,new_la_code,la_name"


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors(data) -> list:
    return [p for p in data.problems if p.severity == ERROR]


def warnings(data) -> list:
    return [p for p in data.problems if p.severity == WARNING]


# --------------------------------------------------------------------------- periods
@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("2019", None, Period("calendar_year", D(2019, 1, 1), D(2019, 12, 31))),
    ("2019", "Calendar year", Period("calendar_year", D(2019, 1, 1), D(2019, 12, 31))),
    ("201920", "Academic year", Period("academic_year", D(2019, 9, 1), D(2020, 8, 31))),
    ("2019/20", "academic_year", Period("academic_year", D(2019, 9, 1), D(2020, 8, 31))),
    ("202324", "Financial year", Period("financial_year", D(2023, 4, 1), D(2024, 3, 31))),
    ("2019/20", None, Period("financial_year", D(2019, 4, 1), D(2020, 3, 31))),   # perflib's convention
    ("2019-20", None, Period("financial_year", D(2019, 4, 1), D(2020, 3, 31))),
    ("2011-12", None, Period("financial_year", D(2011, 4, 1), D(2012, 3, 31))),   # not December 2011
    ("2023-24 Q3", None, Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
    ("Q3 2023/24", None, Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
    ("202324", "Financial year Q3", Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
    ("202324", "Quarter 1", Period("quarter", D(2023, 4, 1), D(2023, 6, 30))),     # financial Q1: Apr-Jun
    ("2023", "Quarter 1", Period("quarter", D(2023, 1, 1), D(2023, 3, 31))),       # calendar Q1: Jan-Mar
    ("2023", "Calendar year Q4", Period("quarter", D(2023, 10, 1), D(2023, 12, 31))),
    ("January 2024", None, Period("month", D(2024, 1, 1), D(2024, 1, 31))),
    ("2024", "February", Period("month", D(2024, 2, 1), D(2024, 2, 29))),          # a leap year
    ("2024-03", "month", Period("month", D(2024, 3, 1), D(2024, 3, 31))),
])
def test_periods_of_every_type(text, kind, expected):
    assert parse_period(text, kind) == expected


def test_period_words_for_the_report():
    assert parse_period("2022", "Calendar year").words == "calendar year 2022"
    assert parse_period("201920", "Academic year").words == "academic year 2019/20"
    assert parse_period("202324", "Financial year").words == "financial year 2023-24"
    assert parse_period("2023-24 Q3").words == "2023-24 Q3 (October to December 2023)"
    # a calendar quarter is named as the financial quarter it is
    assert parse_period("2023", "Calendar year Q1").words == "2022-23 Q4 (January to March 2023)"
    assert parse_period("2024", "January").words == "January 2024"


@pytest.mark.parametrize(("text", "kind"), [("2019-21", None), ("nonsense", None), ("2019", "Academic year"),
                                            ("201920", "Calendar year"), ("2019", "Tax year"), ("", None)])
def test_unreadable_periods_raise_period_error(text, kind):
    with pytest.raises(PeriodError):
        parse_period(text, kind)


def test_months_before_keeps_month_ends():
    assert months_before(D(2023, 12, 31), 24) == D(2021, 12, 31)
    assert months_before(D(2024, 6, 30), 4) == D(2024, 2, 29)
    assert months_before(D(2023, 12, 31), 23) == D(2022, 1, 31)


CAL = {y: Period("calendar_year", D(y, 1, 1), D(y, 12, 31)) for y in range(2019, 2025)}
FY23 = Period("financial_year", D(2023, 4, 1), D(2024, 3, 31))
Q4 = Period("quarter", D(2024, 1, 1), D(2024, 3, 31))


def test_period_rule_takes_a_period_ending_exactly_on_the_quarter_end():
    # 2023-24 Q3 ends 31 December 2023, the last day of calendar 2023: 2023 is used, 2024 is not yet over
    assert choose_period([CAL[2021], CAL[2022], CAL[2023], CAL[2024]], "2023-24 Q3") == CAL[2023]
    # 2023-24 Q2 ends 30 September 2023: calendar 2023 has not ended, so 2022
    assert choose_period([CAL[2022], CAL[2023]], "2023-24 Q2") == CAL[2022]


def test_period_rule_look_back_boundary():
    # 24 months before 31 December 2023 is 31 December 2021: calendar 2021 ends exactly then and counts
    assert choose_period([CAL[2021]], "2023-24 Q3", 24) == CAL[2021]
    # with 23 months the earliest end is 31 January 2022, so 2021 is too old: nothing
    assert choose_period([CAL[2021]], "2023-24 Q3", 23) is None
    # 2024-25 Q1 ends 30 June 2024; 2021 ended 30 months before: beyond the default 24
    assert choose_period([CAL[2021]], "2024-25 Q1") is None


def test_period_rule_prefers_the_shorter_of_two_ending_the_same_day():
    # 2023-24 Q4 and the financial year 2023-24 both end 31 March 2024: the quarter
    assert choose_period([FY23, Q4, CAL[2023]], "2023-24 Q4") == Q4
    # a year ending after the quarter (FY 2023-24 at Q3) is never used
    assert choose_period([FY23, CAL[2022]], "2023-24 Q3") == CAL[2022]


# --------------------------------------------------------------------------- layouts
LONG_MAPPING = "layout: long\nfiles: [long.csv]\ngroup: {codes: [A01, A02, A03]}\nown_area_code: OWN\n"


def test_long_layout_reads_the_projects_own_csv(tmp_path):
    folder = write(tmp_path, {"src.yml": LONG_MAPPING, "long.csv": (
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        "OWN,Ourtown,2023-24 Q3,XX04,30.0,30,100\n"
        "A01,Area One,2023/24 Q3,XX04,20.0,10,50\n"
        "A02,Area Two,2023-24,XX04,31.5,,\n"
        "Z99,Not In Group,2023-24 Q3,XX04,99,99,100\n")})
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == [] and warnings(data) == []
    table = data.table
    assert list(table.columns) == list(SOURCE_COLUMNS)
    assert sorted(table["area_code"]) == ["A01", "A02", "OWN"]          # Z99 is not in the group
    own = table.set_index("area_code").loc["OWN"]
    assert (own["value"], own["numerator"], own["denominator"]) == (30.0, 30.0, 100.0)
    assert (own["period_type"], own["period_start"], own["period_end"]) == ("quarter", D(2023, 10, 1),
                                                                            D(2023, 12, 31))
    assert own["own"] and own["row"] == 2 and own["file"].endswith("long.csv")
    a02 = table.set_index("area_code").loc["A02"]
    assert a02["period_type"] == "financial_year" and pd.isna(a02["numerator"])


DFE_FILE = (
    f"{GEOG},characteristic,pupils,pupils_percent\n"
    "201920,Academic year,National,E92000001,England,,,,,,Total,1000,50.0\n"
    "201920,Academic year,Regional,E92000001,England,E12000007,London,,,,Total,300,30.0\n"
    "201920,Academic year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,Total,100,40.0\n"
    "201920,Academic year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,Boys,50,20.0\n"
    "201920,Academic year,Local authority,E92000001,England,E12000007,London,213,E09000033,Westminster,Total,80,"
    "45.5\n"
    "201920,Academic year,Local authority,E92000001,England,E12000008,South East,826,E06000042,Milton Keynes,"
    "Total,90,44.0\n"
    "202021,Academic year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,Total,101,[z]\n")


def test_dfe_layout_reads_local_authority_rows_of_one_breakdown(tmp_path):
    folder = write(tmp_path, {"pupils.csv": DFE_FILE, "src.yml": (
        "layout: dfe\nfiles: [pupils.csv]\nindicators: {pupils_percent: XX01}\n"
        "filters: {characteristic: Total}\ngroup: {region_code: E12000007}\nown_area_code: E09000033\n")})
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    # National and Regional rows are not areas; Boys is not the Total breakdown; Milton Keynes is not in London
    assert sorted(table.index) == [("E09000007", "201920"), ("E09000007", "202021"), ("E09000033", "201920")]
    assert table.loc[("E09000007", "201920"), "value"] == 40.0
    assert table.loc[("E09000033", "201920"), "period_end"] == D(2020, 8, 31)       # academic: September-August
    assert pd.isna(table.loc[("E09000007", "202021"), "value"])                     # [z]: no figure
    assert data.missing.to_dict("records") == [{"file": data.table["file"].iloc[0], "marker": "z",
                                                "meaning": "not applicable", "cells": 1}]


def test_dfe_layout_without_a_filter_leaves_out_both_breakdowns(tmp_path):
    folder = write(tmp_path, {"pupils.csv": DFE_FILE, "src.yml": (
        "layout: dfe\nfiles: [pupils.csv]\nindicators: {pupils_percent: XX01}\n"
        "group: {region_code: E12000007}\nown_area_code: E09000033\n")})
    data = load_comparator_sources(folder, ["XX01"])
    # Camden 201920 has a Total and a Boys row: neither is used, and each is a located error
    repeats = errors(data)
    assert [(p.row, p.column, p.value) for p in repeats] == [(4, "new_la_code", "E09000007"),
                                                             (5, "new_la_code", "E09000007")]
    assert "filters" in repeats[0].message
    assert ("E09000007", "201920") not in set(zip(data.table["area_code"], data.table["period"], strict=True))


def test_lginform_wide_layout_one_column_per_period(tmp_path):
    folder = write(tmp_path, {"export.csv": (
        "Area code,Area name,2021/22,2022/23,Q1 2023/24,Notes\n"
        "OWN,Ourtown,61.0,62.5,[x],\n"
        "A01,Area One,55.0,:,57.0,revised\n"
        "A02,Area Two,,59.0,60.0,\n"), "src.yml": (
        "layout: lginform_wide\nfiles: [export.csv]\nindicators: {Timeliness: XX01}\n"
        "group: {codes: [A01, A02]}\nown_area_code: OWN\n")})
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    assert table.loc[("OWN", "2022/23"), "value"] == 62.5
    assert table.loc[("OWN", "2022/23"), "period_type"] == "financial_year"
    assert table.loc[("A01", "Q1 2023/24"), "period_end"] == D(2023, 6, 30)
    assert len(data.table) == 9                                        # 3 areas x 3 periods; "Notes" is no period
    assert dict(zip(data.missing["marker"], data.missing["cells"], strict=True)) == {"blank": 1, "x": 1, ":": 1}


# --------------------------------------------------------------------------- markers and bad cells
MARKER_CELLS = ["x", "z", "c", "u", "k", "low", ":", "..", "-", "~", "[c]", "[x]", "[z]", "[u]", "[low]", "X",
                "[LOW]", " c "]


def test_every_marker_is_a_missing_figure_counted_not_an_error(tmp_path):
    rows = "".join(f"A{i:02d},Area {i},2023-24 Q3,XX01,{cell}\n" for i, cell in enumerate(MARKER_CELLS, 1))
    codes = ", ".join(f"A{i:02d}" for i in range(1, len(MARKER_CELLS) + 1))
    folder = write(tmp_path, {"long.csv": "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023-24 Q3,"
                                          "XX01,5\n" + rows,
                              "src.yml": f"layout: long\nfiles: [long.csv]\ngroup: {{codes: [{codes}]}}\n"
                                         "own_area_code: OWN\n"})
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    assert data.table["value"].isna().sum() == len(MARKER_CELLS)
    counts = dict(zip(data.missing["marker"], data.missing["cells"], strict=True))
    # bracketed and capitalised forms count as the marker itself: c, [c] and " c " are 3 c's; x, [x], X 3 x's
    assert counts == {"c": 3, "x": 3, "low": 3, "z": 2, "u": 2, "k": 1, ":": 1, "..": 1, "-": 1, "~": 1}
    (warning,) = warnings(data)
    assert "18 comparator figure(s) are missing, which is not an error" in warning.message


def test_zero_over_zero_rows_are_missing_not_errors(tmp_path):
    folder = write(tmp_path, {"src.yml": LONG_MAPPING, "long.csv": (
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        "OWN,Ourtown,2023,XX04,0,0,0\n"            # published as 0 %, but 0 of 0 is no figure
        "A01,Area One,2023,XX04,z,0,0\n"
        "A02,Area Two,2023,XX04,50.0,5,10\n")})
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == []
    table = data.table.set_index("area_code")
    assert table.loc[["OWN", "A01"], ["value", "numerator", "denominator"]].isna().all().all()
    assert table.loc["A02", "value"] == 50.0
    assert dict(zip(data.missing["marker"], data.missing["cells"], strict=True)) == {"0/0": 2}


def test_garbage_is_a_located_error_for_that_row_only(tmp_path):
    folder = write(tmp_path, {"src.yml": LONG_MAPPING, "long.csv": (
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        "OWN,Ourtown,2023,XX04,30.0,30,100\n"
        "A01,Area One,2023,XX04,about 20,10,50\n"    # row 3: the value cannot be read: row not used
        "A02,Area Two,2023,XX04,40.0,n/a,10\n"       # row 4: numerator unreadable: value used without counts
        "A03,Area Three,2023,XX04,90.0,9,5\n"        # row 5: numerator above denominator
        "A03,Area Three,20233,XX04,90.0,9,10\n")})   # row 6: the period cannot be read
    data = load_comparator_sources(folder, ["XX04"])
    found = [(p.row, p.column, p.value) for p in errors(data)]
    assert found == [(6, "period", "20233"), (3, "value", "about 20"), (4, "numerator", "n/a"),
                     (5, "numerator", "9")]
    assert all(p.file.endswith("long.csv") and p.pi_code in ("XX04", "") for p in errors(data))
    table = data.table.set_index("area_code")
    assert sorted(table.index) == ["A02", "A03", "OWN"]
    assert table.loc["A02", "value"] == 40.0 and pd.isna(table.loc["A02", "numerator"])
    assert table.loc["A03", "value"] == 90.0 and pd.isna(table.loc["A03", "denominator"])


# --------------------------------------------------------------------------- overlapping releases
def _release(rows: list[tuple[str, str, str]]) -> str:
    lines = [f"{GEOG},tot,num,rate"]
    for code, year, rate in rows:
        lines.append(f"{year},Calendar year,Local authority,E92000001,England,E12000007,London,,{code},{code},"
                     f"10,5,{rate}")
    return "\n".join(lines) + "\n"


def _overlap_folder(tmp_path: Path, files_yaml: str) -> Path:
    return write(tmp_path, {
        "r2023.csv": _release([("OWN", "2021", "40.0"), ("A01", "2021", "41.0"), ("OWN", "2022", "c"),
                               ("A01", "2022", "42.0")]),
        "r2024.csv": _release([("OWN", "2022", "50.0"), ("A01", "2022", "42.0"), ("OWN", "2023", "53.0")]),
        "src.yml": f"layout: dfe\n{files_yaml}indicators: {{rate: XX01}}\ngroup: {{codes: [A01]}}\n"
                   "own_area_code: OWN\n"})


def test_overlapping_releases_newer_release_date_wins_whatever_the_order(tmp_path):
    # listed newest first, but the released dates decide
    data = load_comparator_sources(_overlap_folder(tmp_path, (
        "files:\n  - {file: r2024.csv, released: 2024-06-13}\n  - {file: r2023.csv, released: 2023-06-22}\n")),
        ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    assert table.loc[("OWN", "2022"), "value"] == 50.0          # 2024's figure, not 2023's "c"
    assert table.loc[("OWN", "2022"), "file"].endswith("r2024.csv")
    assert table.loc[("OWN", "2021"), "value"] == 40.0          # only in 2023
    (overlap,) = [p for p in warnings(data) if "overlap" in p.message]
    # OWN 2022 and A01 2022 are in both: 2 rows replaced, 1 with a different figure (c -> 50.0)
    assert "r2023.csv" in overlap.message and "r2024.csv" in overlap.message
    assert "replacing 2 row(s)" in overlap.message and "(1 with a different figure)" in overlap.message
    assert "released 13 June 2024" in overlap.message and overlap.pi_code == "XX01"


def test_overlapping_releases_without_dates_the_later_file_in_the_list_wins(tmp_path):
    data = load_comparator_sources(_overlap_folder(tmp_path, "files: [r2023.csv, r2024.csv]\n"), ["XX01"])
    assert data.table.set_index(["area_code", "period"]).loc[("OWN", "2022"), "value"] == 50.0
    data = load_comparator_sources(_overlap_folder(tmp_path / "b", "files: [r2024.csv, r2023.csv]\n"), ["XX01"])
    assert pd.isna(data.table.set_index(["area_code", "period"]).loc[("OWN", "2022"), "value"])   # 2023's "c"
    (overlap,) = [p for p in warnings(data) if "overlap" in p.message]
    assert "later in the list" in overlap.message


# --------------------------------------------------------------------------- unknown codes, broken mappings
def test_codes_not_in_the_mapping_or_catalogue_get_one_warning_each(tmp_path):
    folder = write(tmp_path, {"long.csv": (
        "area_code,area_name,period,indicator_id,value\n"
        "OWN,Ourtown,2023,timely,30\nOWN,Ourtown,2023,mystery,1\nA01,A,2023,other,2\nOWN,Ourtown,2023,old,4\n"),
        "src.yml": ("layout: long\nfiles: [long.csv]\nindicators: {timely: XX01, old: QQ99}\n"
                    "group: {codes: [A01]}\nown_area_code: OWN\n")})
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    (not_mapped,) = [p for p in warnings(data) if "not in the mapping" in p.message]
    assert not_mapped.value == "mystery, other" and not_mapped.file.endswith("src.yml")
    (not_catalogued,) = [p for p in warnings(data) if "not in the catalogue" in p.message]
    assert "QQ99 (1 rows)" in not_catalogued.message
    assert data.table["indicator_id"].tolist() == ["XX01"]


@pytest.mark.parametrize(("yaml_text", "key"), [
    ("layout: [dfe\n", ""),                                                      # not YAML
    ("- just a list\n", ""),
    ("layout: sdmx\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\nown_area_code: O\n", "layout"),
    ("layout: dfe\nfiles: [a.csv]\ngroup: {codes: [A]}\nown_area_code: O\n", "indicators"),
    ("layout: dfe\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {postcode: X}\nown_area_code: O\n", "group"),
    ("layout: dfe\nfiles: [{file: a.csv, released: last June}]\nindicators: {v: XX01}\ngroup: {codes: [A]}\n"
     "own_area_code: O\n", "files[0].released"),
    ("layout: dfe\nfiles: [a.csv]\nindicators: {v: {pi: XX01, overdispersion: maybe}}\ngroup: {codes: [A]}\n"
     "own_area_code: O\n", "indicators.v.overdispersion"),
    ("layout: dfe\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\n", "own_area_code"),
    ("layout: dfe\nfile: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\nown_area_code: O\ncolour: red\n",
     "colour"),
])
def test_a_broken_mapping_is_a_located_error_for_that_source_only(tmp_path, yaml_text, key):
    folder = write(tmp_path, {"a_broken.yml": yaml_text, "z_good.yml": LONG_MAPPING, "long.csv": (
        "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023,XX01,5\n")})
    data = load_comparator_sources(folder, ["XX01"])
    (problem,) = errors(data)
    assert problem.file.endswith("a_broken.yml") and problem.column == key
    assert "this source was not used" in problem.message
    assert data.table["value"].tolist() == [5.0]                 # the good source is still read


def test_a_missing_file_or_column_is_located_and_nothing_raises(tmp_path):
    folder = write(tmp_path, {"pupils.csv": DFE_FILE, "src.yml": (
        "layout: dfe\nfiles: [pupils.csv, gone.csv]\n"
        "indicators: {pupils_percent: {pi: XX01, numerator: pupils_num, denominator: pupils}, absent: XX02}\n"
        "filters: {characteristic: Total}\ngroup: {region_code: E12000007}\nown_area_code: E09000033\n")})
    data = load_comparator_sources(folder, ["XX01", "XX02"])
    found = sorted((Path(p.file).name, p.column) for p in errors(data))
    assert found == [("gone.csv", ""), ("pupils.csv", "absent"), ("pupils.csv", "pupils_num")]
    assert data.table.empty


def test_group_by_column_and_value(tmp_path):
    folder = write(tmp_path, {"long.csv": (
        "area_code,area_name,period,indicator_id,value,family\n"
        "OWN,Ourtown,2023,XX01,5,\nA01,A,2023,XX01,6,SN\nA02,B,2023,XX01,7,other\n"),
        "src.yml": ("layout: long\nfiles: [long.csv]\ngroup: {column: family, value: SN}\nown_area_code: OWN\n")})
    assert sorted(load_comparator_sources(folder, ["XX01"]).table["area_code"]) == ["A01", "OWN"]


def test_mapping_group_and_own_code_may_come_from_the_council_configuration(tmp_path):
    folder = write(tmp_path, {"long.csv": ("area_code,area_name,period,indicator_id,value\n"
                                           "OWN,Ourtown,2023,XX01,5\nA01,A,2023,XX01,6\nA02,B,2023,XX01,7\n"),
                              "src.yml": "layout: long\nfiles: [long.csv]\n"})
    data = load_comparator_sources(folder, ["XX01"], default_group=["A02"], own_area_code="OWN")
    assert sorted(data.table["area_code"]) == ["A02", "OWN"] and data.settings["XX01"].lookback_months == 24


# --------------------------------------------------------------------------- the sample's DfE source
def test_sample_dfe_source_is_deterministic_and_faithful(tmp_path):
    first, second = make_dfe_sample(), make_dfe_sample()
    assert first == second
    paths = write_dfe_sample(tmp_path / "a")
    assert [p.name for p in paths] == ["sen2_mi_2023.csv", "sen2_mi_2024.csv", "ehcp_20_weeks.yml"]
    assert all(p.read_text(encoding="utf-8") == first[p.name] for p in paths)
    for release in RELEASES:
        rows = list(csv.DictReader(io.StringIO(first[release.file])))
        assert sorted({int(r["time_period"]) for r in rows}) == list(release.years)
        assert {r["time_identifier"] for r in rows} == {"Calendar year"}
        assert {r["geographic_level"] for r in rows} == {"National", "Regional", "Local authority"}
        assert {r["new_la_code"] for r in rows if r["geographic_level"] == "Local authority"} == \
            {code for code, _ in AREAS}
    cells = first["sen2_mi_2023.csv"] + first["sen2_mi_2024.csv"]
    for marker in (",x,", ",c,", ",z,", ",low,", ",u,", ",0,0,"):
        assert marker in cells, marker


def _independent(newer: str, year: str) -> dict[str, tuple[float, int, int]]:
    """Area -> (rate, within 20 weeks, plans) read straight from the newer release with the csv module."""
    out = {}
    for r in csv.DictReader(io.StringIO(newer)):
        if r["geographic_level"] != "Local authority" or r["time_period"] != year:
            continue
        try:
            rate, num, den = float(r["no_exc_20week_rate"]), int(r["no_exc_20week_ehc"]), int(r["tot_no_exc_ehc"])
        except ValueError:
            continue                                              # a marker: no figure
        if num == 0 and den == 0:
            continue                                              # 0/0: no figure
        out[r["new_la_code"]] = (rate, num, den)
    return out


def test_two_overlapping_dfe_releases_give_the_newer_figures_and_agree_with_an_independent_count(tmp_path):
    files = make_dfe_sample()
    folder = write(tmp_path, files)
    data = load_comparator_sources(folder, ["NS08"])
    # validate would exit 0: no errors, and one warning names both releases
    assert errors(data) == []
    (overlap,) = [p for p in warnings(data) if "overlap" in p.message]
    assert "sen2_mi_2023.csv" in overlap.message and "sen2_mi_2024.csv" in overlap.message
    # 2019-2022 are in both: 4 years x 34 areas = 136 rows replaced, one revised figure
    assert "replacing 136 row(s)" in overlap.message and "(1 with a different figure)" in overlap.message
    # the period rule at 2023-24 Q3 (ends 31 December 2023): calendar year 2023, from the newer release
    comparison = compare_quarter(data, "2023-24 Q3").set_index("pi_code").loc["NS08"]
    assert comparison["period_words"] == "calendar year 2023" and comparison["period"] == "2023"
    period = comparison_period(data.table, "NS08", "2023-24 Q3")
    rows = comparison_rows(data.table, "NS08", period)
    truth = _independent(files["sen2_mi_2024.csv"], "2023")
    assert set(rows["area_code"]) == set(truth) and len(truth) == 32      # z and low areas have no figure
    values = {code: rate for code, (rate, _, _) in truth.items()}
    own = values[OWN_CODE]
    rank = 1 + sum(v > own for v in values.values())                     # higher is better for NS08
    n = len(values)
    quartile = next(k for k in (1, 2, 3, 4) if 4 * (rank - 1) <= k * (n - 1))
    series = rows.set_index("area_code")["value"]
    assert bm.rank_of(series, OWN_CODE, "higher") == rank
    assert bm.quartile(rank, n) == quartile
    assert float(series.median()) == pytest.approx(statistics.median(values.values()))
    # funnel: pooled proportion and the council's z-score by hand
    p0 = sum(num for _, num, _ in truth.values()) / sum(den for _, _, den in truth.values())
    _, own_num, own_den = truth[OWN_CODE]
    z = (own_num / own_den - p0) / (p0 * (1 - p0) / own_den) ** 0.5
    expected = ("similar to the group" if abs(z) <= Z_998 else
                "better than the group" if z > 0 else "worse than the group")
    plot = funnel_plot(rows, OWN_CODE, "higher")
    assert plot.centre == pytest.approx(100 * p0) and float(plot.own["z"]) == pytest.approx(z)
    assert plot.label == expected


def test_sample_revised_figure_comes_from_the_2024_release(tmp_path):
    files = make_dfe_sample()
    data = load_comparator_sources(write(tmp_path, files), ["NS08"])
    row = data.table.set_index(["area_code", "period"]).loc[("X09000005", "2021")]
    rate, num, den = _independent(files["sen2_mi_2024.csv"], "2021")["X09000005"]
    old_rate, old_num, _ = _independent(files["sen2_mi_2023.csv"], "2021")["X09000005"]
    assert (row["value"], row["numerator"], row["denominator"]) == (rate, num, den)
    assert num == old_num + 3 and rate != old_rate and row["released"] == D(2024, 6, 13)


def test_an_unknown_period_type_is_one_error_per_label_unless_the_mapping_translates_it(tmp_path):
    release = _release([("OWN", "2022", "50.0"), ("A01", "2022", "42.0")]).replace("Calendar year", "Reporting year")
    mapping = "layout: dfe\nfiles: [r.csv]\nindicators: {rate: XX01}\ngroup: {codes: [A01]}\nown_area_code: OWN\n"
    data = load_comparator_sources(write(tmp_path / "a", {"r.csv": release, "src.yml": mapping}), ["XX01"])
    (problem,) = errors(data)
    assert (problem.row, problem.column, problem.value) == (2, "time_period", "2022 (Reporting year)")
    assert "2 rows with this period were not used (rows 2-3)" in problem.message
    translated = mapping + "period_types: {Reporting year: calendar_year}\n"
    data = load_comparator_sources(write(tmp_path / "b", {"r.csv": release, "src.yml": translated}), ["XX01"])
    assert errors(data) == [] and set(data.table["period_type"]) == {"calendar_year"}


def test_numbers_with_thousands_separators_and_percent_signs(tmp_path):
    folder = write(tmp_path, {"src.yml": LONG_MAPPING, "long.csv": (
        "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
        'OWN,Ourtown,2023,XX04,45.2%,"1,130","2,500"\n')})
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == []
    assert data.table[["value", "numerator", "denominator"]].iloc[0].tolist() == [45.2, 1130.0, 2500.0]


def test_source_level_settings_apply_to_every_pi_of_the_source(tmp_path):
    folder = write(tmp_path, {"long.csv": "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2021,XX01,5\n",
                              "src.yml": LONG_MAPPING + "lookback_months: 36\noverdispersion: true\n"})
    data = load_comparator_sources(folder, ["XX01"])
    assert (data.settings["XX01"].lookback_months, data.settings["XX01"].overdispersion) == (36, True)
    # calendar 2021 ended 30 months before 2024-25 Q1 (30 June 2024): inside 36 months, outside the default 24
    assert compare_quarter(data, "2024-25 Q1").loc[0, "period_words"] == "calendar year 2021"
    bad = write(tmp_path / "bad", {"src.yml": LONG_MAPPING + "lookback_months: -3\n"})
    (problem,) = errors(load_comparator_sources(bad, ["XX01"]))
    assert problem.column == "lookback_months"


def test_sample_can_carry_the_councils_own_figures(tmp_path):
    files = make_dfe_sample(own_figures={2023: (150, 200)})
    assert _independent(files["sen2_mi_2024.csv"], "2023")[OWN_CODE] == (75.0, 150, 200)
    assert make_dfe_sample() != files
