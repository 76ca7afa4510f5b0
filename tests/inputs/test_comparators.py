"""Comparator sources as government publishes them (perflib/inputs/comparators.py and the modules it uses).

Every expectation was worked out by hand from docs/methodology.md section 9:
period dates from the calendar, markers and 0/0 rows as missing figures, the
newest release winning, one warning for codes left out. The DfE fixtures
follow the explore-education-statistics open data standards: ``time_period``/
``time_identifier``, ``geographic_level`` with National, Regional and Local
authority rows, ``new_la_code``/``la_name``, filters, then indicators.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import comparator_data
import pandas as pd
import pytest

from perflib.core.config import BenchmarkingConfig
from perflib.core.problems import ERROR, WARNING
from perflib.inputs.comparator_mapping_types import MappingDefaults
from perflib.inputs.comparators import SOURCE_COLUMNS, load_comparator_sources, load_comparators, source_files

D = dt.date
GEOG = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name"
)


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def errors(data) -> list:
    return [p for p in data.problems if p.severity == ERROR]


def warnings(data) -> list:
    return [p for p in data.problems if p.severity == WARNING]


# --------------------------------------------------------------------------- layouts
LONG_MAPPING = "layout: long\nfiles: [long.csv]\ngroup: {codes: [A01, A02, A03]}\nown_area_code: OWN\n"


def test_long_layout_reads_the_projects_own_csv(tmp_path):
    folder = write(
        tmp_path,
        {
            "src.yml": LONG_MAPPING,
            "long.csv": (
                "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
                "OWN,Ourtown,2023-24 Q3,XX04,30.0,30,100\n"
                "A01,Area One,2023/24 Q3,XX04,20.0,10,50\n"
                "A02,Area Two,2023-24,XX04,31.5,,\n"
                "Z99,Not In Group,2023-24 Q3,XX04,99,99,100\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == [] and warnings(data) == []
    table = data.table
    assert list(table.columns) == list(SOURCE_COLUMNS)
    assert sorted(table["area_code"]) == ["A01", "A02", "OWN"]  # Z99 is not in the group
    own = table.set_index("area_code").loc["OWN"]
    assert (own["value"], own["numerator"], own["denominator"]) == (30.0, 30.0, 100.0)
    assert (own["period_type"], own["period_start"], own["period_end"]) == ("quarter", D(2023, 10, 1), D(2023, 12, 31))
    assert own["own"] and own["row"] == 2 and own["file"].endswith("long.csv") and own["missing"] == ""
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
    "202021,Academic year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,Total,101,[z]\n"
)


def test_dfe_layout_reads_local_authority_rows_of_one_breakdown(tmp_path):
    folder = write(
        tmp_path,
        {
            "pupils.csv": DFE_FILE,
            "src.yml": (
                "layout: dfe\nfiles: [pupils.csv]\nindicators: {pupils_percent: XX01}\n"
                "filters: {characteristic: Total}\ngroup: {region_code: E12000007}\nown_area_code: E09000033\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    # National and Regional rows are not areas; Boys is not the Total breakdown; Milton Keynes is not in London
    assert sorted(table.index) == [("E09000007", "201920"), ("E09000007", "202021"), ("E09000033", "201920")]
    assert table.loc[("E09000007", "201920"), "value"] == 40.0
    assert table.loc[("E09000033", "201920"), "period_end"] == D(2020, 8, 31)  # academic: September-August
    assert pd.isna(table.loc[("E09000007", "202021"), "value"])  # [z]: no figure
    assert table.loc[("E09000007", "202021"), "missing"] == "z"
    assert data.missing.to_dict("records") == [
        {"file": data.table["file"].iloc[0], "marker": "z", "meaning": "not applicable", "cells": 1}
    ]


def test_dfe_layout_without_a_filter_leaves_out_both_breakdowns(tmp_path):
    folder = write(
        tmp_path,
        {
            "pupils.csv": DFE_FILE,
            "src.yml": (
                "layout: dfe\nfiles: [pupils.csv]\nindicators: {pupils_percent: XX01}\n"
                "group: {region_code: E12000007}\nown_area_code: E09000033\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    # Camden 201920 has a Total and a Boys row: neither is used, and each is a located error
    repeats = errors(data)
    assert [(p.row, p.column, p.value) for p in repeats] == [
        (4, "new_la_code", "E09000007"),
        (5, "new_la_code", "E09000007"),
    ]
    assert "filters" in repeats[0].message
    assert ("E09000007", "201920") not in set(zip(data.table["area_code"], data.table["period"], strict=True))


def test_lginform_wide_layout_one_column_per_period(tmp_path):
    folder = write(
        tmp_path,
        {
            "export.csv": (
                "Area code,Area name,2021/22,2022/23,Q1 2023/24,Notes\n"
                "OWN,Ourtown,61.0,62.5,[x],\n"
                "A01,Area One,55.0,:,57.0,revised\n"
                "A02,Area Two,,59.0,60.0,\n"
            ),
            "src.yml": (
                "layout: lginform_wide\nfiles: [export.csv]\nindicators: {Timeliness: XX01}\n"
                "group: {codes: [A01, A02]}\nown_area_code: OWN\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    assert table.loc[("OWN", "2022/23"), "value"] == 62.5
    assert table.loc[("OWN", "2022/23"), "period_type"] == "financial_year"
    assert table.loc[("A01", "Q1 2023/24"), "period_end"] == D(2023, 6, 30)
    assert len(data.table) == 9  # 3 areas x 3 periods; "Notes" is no period
    assert dict(zip(data.missing["marker"], data.missing["cells"], strict=True)) == {"blank": 1, "x": 1, ":": 1}


# --------------------------------------------------------------------------- markers and bad cells
MARKER_CELLS = ["x", "z", "c", "u", "k", "low", ":", "..", "-", "~", "[c]", "[x]", "[z]", "[u]", "[low]", "X"]
MARKER_CELLS += ["[LOW]", " c "]


def test_every_marker_is_a_missing_figure_counted_not_an_error(tmp_path):
    rows = "".join(f"A{i:02d},Area {i},2023-24 Q3,XX01,{cell}\n" for i, cell in enumerate(MARKER_CELLS, 1))
    codes = ", ".join(f"A{i:02d}" for i in range(1, len(MARKER_CELLS) + 1))
    folder = write(
        tmp_path,
        {
            "long.csv": "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023-24 Q3,XX01,5\n" + rows,
            "src.yml": f"layout: long\nfiles: [long.csv]\ngroup: {{codes: [{codes}]}}\nown_area_code: OWN\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    assert data.table["value"].isna().sum() == len(MARKER_CELLS)
    counts = dict(zip(data.missing["marker"], data.missing["cells"], strict=True))
    # bracketed and capitalised forms count as the marker itself: c, [c] and " c " are 3 c's; x, [x], X 3 x's
    assert counts == {"c": 3, "x": 3, "low": 3, "z": 2, "u": 2, "k": 1, ":": 1, "..": 1, "-": 1, "~": 1}
    (warning,) = warnings(data)
    assert "18 comparator figure(s) are missing, which is not an error" in warning.message


def test_zero_over_zero_rows_are_missing_not_errors(tmp_path):
    folder = write(
        tmp_path,
        {
            "src.yml": LONG_MAPPING,
            "long.csv": (
                "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
                "OWN,Ourtown,2023,XX04,0,0,0\n"  # published as 0 %, but 0 of 0 is no figure
                "A01,Area One,2023,XX04,z,0,0\n"
                "A02,Area Two,2023,XX04,50.0,5,10\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == []
    table = data.table.set_index("area_code")
    assert table.loc[["OWN", "A01"], ["value", "numerator", "denominator"]].isna().all().all()
    assert table.loc["A02", "value"] == 50.0 and table.loc["OWN", "missing"] == "0/0"
    assert dict(zip(data.missing["marker"], data.missing["cells"], strict=True)) == {"0/0": 2}


def test_garbage_is_a_located_error_for_that_row_only(tmp_path):
    folder = write(
        tmp_path,
        {
            "src.yml": LONG_MAPPING,
            "long.csv": (
                "area_code,area_name,period,indicator_id,value,numerator,denominator\n"
                "OWN,Ourtown,2023,XX04,30.0,30,100\n"
                "A01,Area One,2023,XX04,about 20,10,50\n"  # row 3: the value cannot be read: row not used
                "A02,Area Two,2023,XX04,40.0,n/a,10\n"  # row 4: numerator unreadable: value used without counts
                "A03,Area Three,2023,XX04,90.0,9,5\n"  # row 5: numerator above denominator
                "A03,Area Three,20233,XX04,90.0,9,10\n"  # row 6: the period cannot be read
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX04"])
    found = [(p.row, p.column, p.value) for p in errors(data)]
    assert found == [(6, "period", "20233"), (3, "value", "about 20"), (4, "numerator", "n/a"), (5, "numerator", "9")]
    assert all(p.file.endswith("long.csv") and p.pi_code in ("XX04", "") for p in errors(data))
    table = data.table.set_index("area_code")
    assert sorted(table.index) == ["A02", "A03", "OWN"]
    assert table.loc["A02", "value"] == 40.0 and pd.isna(table.loc["A02", "numerator"])
    assert table.loc["A03", "value"] == 90.0 and pd.isna(table.loc["A03", "denominator"])


def test_numbers_with_thousands_separators_and_percent_signs(tmp_path):
    folder = write(
        tmp_path,
        {
            "src.yml": LONG_MAPPING,
            "long.csv": (
                'area_code,area_name,period,indicator_id,value,numerator,denominator\nOWN,Ourtown,2023,XX04,45.2%,"1,130","2,500"\n'
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX04"])
    assert errors(data) == []
    assert data.table[["value", "numerator", "denominator"]].iloc[0].tolist() == [45.2, 1130.0, 2500.0]


# --------------------------------------------------------------------------- overlapping releases
def _release(rows: list[tuple[str, str, str]]) -> str:
    lines = [f"{GEOG},tot,num,rate"]
    for code, year, rate in rows:
        lines.append(
            f"{year},Calendar year,Local authority,E92000001,England,E12000007,London,,{code},{code},10,5,{rate}"
        )
    return "\n".join(lines) + "\n"


def _overlap_folder(tmp_path: Path, files_yaml: str) -> Path:
    return write(
        tmp_path,
        {
            "r2023.csv": _release(
                [("OWN", "2021", "40.0"), ("A01", "2021", "41.0"), ("OWN", "2022", "c"), ("A01", "2022", "42.0")]
                + [("B99", "2022", "10.0")]  # not in the group: not read, so not counted
            ),
            "r2024.csv": _release(
                [("OWN", "2022", "50.0"), ("A01", "2022", "42.0"), ("OWN", "2023", "53.0"), ("B99", "2022", "11.0")]
            ),
            "src.yml": f"layout: dfe\n{files_yaml}indicators: {{rate: XX01}}\ngroup: {{codes: [A01]}}\n"
            "own_area_code: OWN\n",
        },
    )


def test_overlapping_releases_newer_release_date_wins_whatever_the_order(tmp_path):
    # listed newest first, but the released dates decide
    files = "files:\n  - {file: r2024.csv, released: 2024-06-13}\n  - {file: r2023.csv, released: 2023-06-22}\n"
    data = load_comparator_sources(_overlap_folder(tmp_path, files), ["XX01"])
    assert errors(data) == []
    table = data.table.set_index(["area_code", "period"])
    assert table.loc[("OWN", "2022"), "value"] == 50.0  # 2024's figure, not 2023's "c"
    assert table.loc[("OWN", "2022"), "file"].endswith("r2024.csv")
    assert table.loc[("OWN", "2021"), "value"] == 40.0  # only in 2023
    (overlap,) = [p for p in warnings(data) if "overlap" in p.message]
    # OWN 2022 and A01 2022 are in both: 2 rows replaced, 1 with a different figure (c -> 50.0)
    assert "r2023.csv" in overlap.message and "r2024.csv" in overlap.message
    assert "replacing 2 row(s)" in overlap.message and "(1 with a different figure)" in overlap.message
    assert "2 row(s) for XX01 (areas of the group) are in both" in overlap.message
    assert "released 13 June 2024" in overlap.message and overlap.pi_code == "XX01"


def test_overlapping_releases_without_dates_the_later_file_in_the_list_wins(tmp_path):
    data = load_comparator_sources(_overlap_folder(tmp_path, "files: [r2023.csv, r2024.csv]\n"), ["XX01"])
    assert data.table.set_index(["area_code", "period"]).loc[("OWN", "2022"), "value"] == 50.0
    data = load_comparator_sources(_overlap_folder(tmp_path / "b", "files: [r2024.csv, r2023.csv]\n"), ["XX01"])
    assert pd.isna(data.table.set_index(["area_code", "period"]).loc[("OWN", "2022"), "value"])  # 2023's "c"
    (overlap,) = [p for p in warnings(data) if "overlap" in p.message]
    assert "later in the list" in overlap.message


# --------------------------------------------------------------------------- codes, sources, mappings
def test_codes_not_in_the_mapping_or_the_catalogue_get_one_warning_listing_them(tmp_path):
    folder = write(
        tmp_path,
        {
            "long.csv": (
                "area_code,area_name,period,indicator_id,value\n"
                "OWN,Ourtown,2023,timely,30\nOWN,Ourtown,2023,mystery,1\nA01,A,2023,other,2\nOWN,Ourtown,2023,old,4\n"
            ),
            "src.yml": (
                "layout: long\nfiles: [long.csv]\nindicators: {timely: XX01, old: QQ99}\n"
                "group: {codes: [A01]}\nown_area_code: OWN\n"
            ),
            "b.csv": "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023,ZZ77,5\n",
            "b.yml": "layout: long\nfiles: [b.csv]\ngroup: {codes: [A01]}\nown_area_code: OWN\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    assert errors(data) == []
    (left_out,) = [p for p in warnings(data) if "left out" in p.message]
    # mystery and other are not in src.yml's mapping; QQ99 (mapped) and ZZ77 (b's long file) are not PI codes
    assert left_out.value == "'mystery', 'other', QQ99, ZZ77"
    assert "4 comparator code(s) were left out" in left_out.message
    assert (
        "QQ99 (not in the catalogue) in src" in left_out.message
        and "ZZ77 (not in the catalogue) in b" in left_out.message
    )
    assert "'mystery' (not in the mapping) in" in left_out.message and left_out.message.count("src.yml") == 2
    assert data.table["indicator_id"].tolist() == ["XX01"]


def test_a_pi_fed_by_two_sources_takes_the_first_mappings_settings_with_a_warning(tmp_path):
    long = "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2022,XX01,5\nA01,A,2023,XX01,6\n"
    folder = write(
        tmp_path,
        {
            "a.csv": long,
            "a.yml": "layout: long\nfiles: [a.csv]\nlookback_months: 36\ngroup: {codes: [A01]}\nown_area_code: OWN\n",
            "b.csv": long.replace(",5\n", ",7\n"),
            "b.yml": "layout: long\nfiles: [b.csv]\noverdispersion: true\ngroup: {codes: [A01]}\nown_area_code: OWN\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    (shared,) = [p for p in warnings(data) if "is fed by" in p.message]
    assert shared.pi_code == "XX01" and "a.yml" in shared.message and "b.yml" in shared.message
    assert data.settings["XX01"].lookback_months == 36 and data.settings["XX01"].overdispersion is False
    # the figures are put together: b.yml comes later in file-name order, so its 7 replaces a's 5
    assert data.table.set_index("area_code").loc["OWN", "value"] == 7.0


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("layout: [dfe\n", ""),  # not YAML
        ("- just a list\n", ""),
        ("layout: sdmx\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\nown_area_code: O\n", "layout"),
        ("layout: dfe\nfiles: [a.csv]\ngroup: {codes: [A]}\nown_area_code: O\n", "indicators"),
        ("layout: dfe\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {postcode: X}\nown_area_code: O\n", "group"),
        (
            "layout: dfe\nfiles: [{file: a.csv, released: last June}]\nindicators: {v: XX01}\ngroup: {codes: [A]}\n"
            "own_area_code: O\n",
            "files[0].released",
        ),
        (
            "layout: dfe\nfiles: [a.csv]\nindicators: {v: {pi: XX01, overdispersion: maybe}}\ngroup: {codes: [A]}\n"
            "own_area_code: O\n",
            "indicators.v.overdispersion",
        ),
        ("layout: dfe\nfiles: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\n", "own_area_code"),
        (
            "layout: dfe\nfile: [a.csv]\nindicators: {v: XX01}\ngroup: {codes: [A]}\nown_area_code: O\ncolour: red\n",
            "colour",
        ),
        (LONG_MAPPING + "lookback_months: -3\n", "lookback_months"),
        (LONG_MAPPING + "skip_rows: 1000000000000000000000000000000\n", "skip_rows"),  # raised OverflowError
        (LONG_MAPPING + "skip_rows: 1001\n", "skip_rows"),
    ],
)
def test_a_broken_mapping_is_a_located_error_for_that_source_only(tmp_path, yaml_text, key):
    folder = write(
        tmp_path,
        {
            "a_broken.yml": yaml_text,
            "z_good.yml": LONG_MAPPING,
            "long.csv": "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023,XX01,5\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01"])
    (problem,) = errors(data)
    assert problem.file.endswith("a_broken.yml") and problem.column == key
    assert "this source was not used" in problem.message
    assert data.table["value"].tolist() == [5.0]  # the good source is still read


def test_a_missing_file_or_column_is_located_and_nothing_raises(tmp_path):
    folder = write(
        tmp_path,
        {
            "pupils.csv": DFE_FILE,
            "src.yml": (
                "layout: dfe\nfiles: [pupils.csv, gone.csv]\n"
                "indicators: {pupils_percent: {pi: XX01, numerator: pupils_num, denominator: pupils}, absent: XX02}\n"
                "filters: {characteristic: Total}\ngroup: {region_code: E12000007}\nown_area_code: E09000033\n"
            ),
        },
    )
    data = load_comparator_sources(folder, ["XX01", "XX02"])
    found = sorted((Path(p.file).name, p.column) for p in errors(data))
    assert found == [("gone.csv", ""), ("pupils.csv", "absent"), ("pupils.csv", "pupils_num")]
    assert data.table.empty


def test_group_by_column_and_value(tmp_path):
    folder = write(
        tmp_path,
        {
            "long.csv": (
                "area_code,area_name,period,indicator_id,value,family\n"
                "OWN,Ourtown,2023,XX01,5,\nA01,A,2023,XX01,6,SN\nA02,B,2023,XX01,7,other\n"
            ),
            "src.yml": "layout: long\nfiles: [long.csv]\ngroup: {column: family, value: SN}\nown_area_code: OWN\n",
        },
    )
    assert sorted(load_comparator_sources(folder, ["XX01"]).table["area_code"]) == ["A01", "OWN"]


def test_what_a_mapping_leaves_out_comes_from_the_council_configuration(tmp_path):
    folder = write(
        tmp_path,
        {
            "long.csv": (
                "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2023,XX01,5\nA01,A,2023,XX01,6\n"
                "A02,B,2023,XX01,7\n"
            ),
            "src.yml": "layout: long\nfiles: [long.csv]\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01"], MappingDefaults(("A02",), "OWN", "Neighbours"))
    assert sorted(data.table["area_code"]) == ["A02", "OWN"]
    settings = data.settings["XX01"]
    # no look-back in the mapping: None, so the methodology's applies (perflib/rules/benchmarking.py)
    assert (settings.group_name, settings.own_area_code, settings.lookback_months) == ("Neighbours", "OWN", None)


def test_source_level_settings_apply_to_every_pi_of_the_source(tmp_path):
    folder = write(
        tmp_path,
        {
            "long.csv": (
                "area_code,area_name,period,indicator_id,value\nOWN,Ourtown,2021,XX01,5\nOWN,Ourtown,2021,XX02,5\n"
            ),
            "src.yml": LONG_MAPPING + "lookback_months: 36\noverdispersion: true\n",
        },
    )
    data = load_comparator_sources(folder, ["XX01", "XX02"])
    for code in ("XX01", "XX02"):
        assert (data.settings[code].lookback_months, data.settings[code].overdispersion) == (36, True)


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


# --------------------------------------------------------------------------- the council's configuration
def test_bare_csv_files_without_a_mapping_are_read_the_old_way_with_a_deprecation_warning(tmp_path):
    folder = write(tmp_path / "old", {"quarterly.csv": comparator_data.QUARTERLY, "annual.csv": comparator_data.ANNUAL})
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=comparator_data.GROUP, folder=folder)
    data = load_comparators(cfg)
    (deprecated,) = [p for p in warnings(data) if "deprecated" in p.message]
    assert deprecated.value == "annual.csv, quarterly.csv" and "add a mapping" in deprecated.message
    assert errors(data) == []
    # the long layout with the group of council.yml: Z99 is not in it
    assert "Z99" not in set(data.table["area_code"]) and data.table["own"].eq(data.table["area_code"].eq("OWN")).all()
    assert data.settings["XX01"].group_name == "G"


def test_load_comparators_reads_the_configured_folder(bench_config):
    data = load_comparators(bench_config)
    assert errors(data) == []
    # [c] (XX06, SS01) and a blank (XX06) are missing figures, counted; nothing else is a problem
    (missing,) = warnings(data)
    assert "3 comparator figure(s) are missing" in missing.message
    assert data.settings["XX01"].group_name == "Test group"  # the mapping's name wins over council.yml's


def test_no_benchmarking_or_no_folder(tmp_path):
    assert load_comparators(None).table.empty and load_comparators(None).problems == []
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=(), folder=tmp_path / "nope")
    data = load_comparators(cfg)
    assert data.table.empty and [p.severity for p in data.problems] == [WARNING]
    assert source_files(cfg) == []


def test_source_files_are_the_mappings_and_the_files_they_name(tmp_path):
    folder = comparator_data.write_source(tmp_path / "c")
    write(tmp_path, {"elsewhere.csv": "x\n"})
    (folder / "other.yml").write_text("layout: long\nfiles: [../elsewhere.csv]\n", encoding="utf-8")
    cfg = BenchmarkingConfig(own_area_code="OWN", group_name="G", group=comparator_data.GROUP, folder=folder)
    found = source_files(cfg)
    assert {p.name for p in found} == {"annual.csv", "elsewhere.csv", "other.yml", "quarterly.csv", "test.yml"}
    assert found == sorted(found) and all(p.is_absolute() for p in found)
