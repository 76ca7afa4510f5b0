"""Comparator files saved as Excel workbooks (perflib/inputs/comparator_tables.py).

LG Inform's "download data" gives an .xlsx as well as a CSV, and analysts open
CSVs in Excel and save them. The expectations below are what the sheet shows,
worked out from the cells written here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from perflib.core.problems import ERROR
from perflib.inputs.comparator_tables import FileError, read_table
from perflib.inputs.comparators import load_comparator_sources

WIDE_MAPPING = (
    "layout: lginform_wide\nfiles: [export.xlsx]\nindicators: {Timeliness: XX01}\nsheet: Data\nskip_rows: 2\n"
    "group: {codes: [A01, A02, A03]}\nown_area_code: OWN\n"
)


def _lginform_workbook(path: Path) -> None:
    """An 'About' sheet first, then 'Data': two title lines, the header on row 3, a blank row 6."""
    wb = Workbook()
    about = wb.active
    about.title = "About"
    about["A1"] = "Downloaded from LG Inform"
    data = wb.create_sheet("Data")
    data["A1"] = "Timeliness of EHC plans"
    data["A2"] = "Source: DfE SEN2"
    data.append(["Area code", "Area name", "2021/22", "2022/23", "Notes"])  # row 3
    data.append(["OWN", "Ourtown", 0.61, 62.5, None])  # row 4: C4 is a fraction shown as 61.0%
    data.append(["A01", "Area One", 55, "[c]", "revised"])  # row 5
    data.append([])  # row 6: blank
    data.append(["A02", "Area Two", "about 58", 59.25, None])  # row 7: C7 cannot be read
    data["C4"].number_format = "0.0%"
    wb.save(path)


def test_an_lginform_workbook_is_read_from_its_named_sheet_below_its_title_lines(tmp_path):
    _lginform_workbook(tmp_path / "export.xlsx")
    (tmp_path / "src.yml").write_text(WIDE_MAPPING)
    data = load_comparator_sources(tmp_path, ["XX01"])
    table = data.table.set_index(["area_code", "period"])["value"]
    # 61.0% as Excel shows it, not 0.61; a whole number and a decimal as they are; [c] is no figure
    assert pd.isna(table[("A01", "2022/23")])
    assert table.dropna().to_dict() == {
        ("OWN", "2021/22"): 61.0,
        ("OWN", "2022/23"): 62.5,
        ("A01", "2021/22"): 55.0,
        ("A02", "2022/23"): 59.25,
    }
    assert dict(zip(data.missing["marker"], data.missing["cells"], strict=True)) == {"c": 1}
    # the garbage cell is located by the workbook's own row 7 (the blank row 6 is counted)
    found = [(Path(p.file).name, p.row, p.column, p.value) for p in data.problems if p.severity == ERROR]
    assert found == [("export.xlsx", 7, "2021/22", "about 58")]


def test_the_first_sheet_is_read_when_the_mapping_names_none(tmp_path):
    wb = Workbook()
    wb.active.append(["Area code", "Area name", "2023/24"])
    wb.active.append(["OWN", "Ourtown", 12])
    wb.save(tmp_path / "first.xlsx")
    frame = read_table(tmp_path / "first.xlsx")
    assert frame.to_dict("records") == [{"Area code": "OWN", "Area name": "Ourtown", "2023/24": "12"}]
    assert list(frame.index) == [0]  # row 2 of the sheet, numbered as a CSV's first data row


def test_a_sheet_the_workbook_lacks_is_a_located_error_not_a_crash(tmp_path):
    _lginform_workbook(tmp_path / "export.xlsx")
    (tmp_path / "src.yml").write_text(WIDE_MAPPING.replace("sheet: Data", "sheet: Figures"))
    data = load_comparator_sources(tmp_path, ["XX01"])
    [problem] = [p for p in data.problems if p.severity == ERROR]
    assert Path(problem.file).name == "export.xlsx" and "no sheet 'Figures'" in problem.message
    assert problem.expected == "one of 'About', 'Data'"
    assert data.table.empty


def test_xls_and_ods_files_are_named_for_what_they_are(tmp_path):
    (tmp_path / "old.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (tmp_path / "open.csv").write_bytes(
        b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
    )
    for name, words in (("old.csv", "old-style Excel .xls"), ("open.csv", "OpenDocument spreadsheet")):
        try:
            read_table(tmp_path / name)
        except FileError as exc:
            assert words in exc.message
            assert exc.expected.startswith("a CSV file or an .xlsx workbook")
        else:
            raise AssertionError(f"{name} was read")


def test_a_csv_is_still_read_as_text(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"\xef\xbb\xbfArea code,2023\r\nOWN,007\r\n")
    frame = read_table(tmp_path / "a.csv")
    assert frame.equals(pd.DataFrame({"Area code": ["OWN"], "2023": ["007"]}))


def test_a_dfe_csv_with_a_byte_order_mark_crlf_and_quoted_commas(tmp_path):
    # As downloaded from explore-education-statistics and resaved on Windows: BOM, CRLF line ends,
    # a quoted name holding a comma; and an older file in Windows-1252 (Môn's circumflex).
    text = (
        "time_period,time_identifier,geographic_level,new_la_code,la_name,tot_no_exc_ehc\r\n"
        '2023,Calendar year,Local authority,E06000023,"Bristol, City of",812\r\n'
    )
    (tmp_path / "utf8.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    frame = read_table(tmp_path / "utf8.csv")
    assert list(frame.columns)[0] == "time_period"
    assert frame.loc[0, "la_name"] == "Bristol, City of" and frame.loc[0, "tot_no_exc_ehc"] == "812"
    (tmp_path / "ansi.csv").write_bytes("area_code,area_name\r\nW06000001,Ynys Môn\r\n".encode("cp1252"))
    assert read_table(tmp_path / "ansi.csv").loc[0, "area_name"] == "Ynys Môn"


def test_a_pipe_or_folder_named_like_a_comparator_file_or_mapping_is_never_opened(tmp_path):
    # Opening a named pipe blocks until something writes to it: validate would hang for ever.
    os.mkfifo(tmp_path / "figures.csv")
    os.mkfifo(tmp_path / "piped.yml")
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "src.yml").write_text(
        "layout: long\nfiles: [figures.csv, folder.csv]\ngroup: {codes: [A01]}\nown_area_code: OWN\n"
    )
    data = load_comparator_sources(tmp_path, ["XX01"])
    found = sorted((Path(p.file).name, p.message.split(";")[0]) for p in data.problems if p.severity == ERROR)
    assert found == [
        ("figures.csv", "this is not a regular file (a pipe, socket or device)"),
        ("folder.csv", "this is a folder, not a file"),
        ("piped.yml", "the mapping is not a regular file (a folder, pipe, socket or device)"),
    ]
    assert data.table.empty
