"""Build the corpus of malformed returns in this folder, with the problem each must raise.

Every case starts from the fixture council's valid return for 2023-24 Q3
(tests/fixture_data.py) and breaks one thing, the way real returns arrive
broken. ``cases.csv`` says, for each file, the one problem perflib must report:
severity, sheet, row, column and a fragment of the message. Run from the
project root:

    .venv/bin/python tests/inputs/corpus/make_corpus.py
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import fixture_data  # noqa: E402

from perflib.inputs import layout as fmt  # noqa: E402

Q3 = "2023-24 Q3"
ALPHA = fixture_data.RETURNS[Q3]["alpha"]
BETA = fixture_data.RETURNS[Q3]["beta"]
ALPHA_FA = fixture_data.FA_STATUS[Q3]["alpha"]
BETA_FA = fixture_data.FA_STATUS[Q3]["beta"]
CASES: list[dict] = []


def case(name, place_as, severity, sheet, row, column, message, directorate="alpha"):
    """Register a case: the corpus file ``name``, placed as ``place_as`` in the quarter folder."""
    CASES.append(
        {
            "case": name,
            "file": name,
            "place_as": place_as,
            "directorate": directorate,
            "severity": severity,
            "sheet": sheet,
            "row": "" if row is None else row,
            "column": column,
            "message": message,
        }
    )


def valid(path: Path, directorate: str = "alpha") -> Path:
    rows, fa = (ALPHA, ALPHA_FA) if directorate == "alpha" else (BETA, BETA_FA)
    fixture_data.write_return(path, directorate, Q3, rows, fa, submitted=dt.date(2024, 1, 10))
    return path


def edit(name: str, change, directorate: str = "alpha") -> Path:
    path = valid(HERE / name, directorate)
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def rewrite_part(path: Path, part: str, change) -> None:
    """Rewrite one part of a workbook's zip (the XML Excel writes), keeping the others as they are."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, change(data) if info.filename == part else data)


def csv_return(name: str, rows: list[list], encoding: str) -> None:
    lines = [",".join(fmt.INDICATOR_COLUMNS.values())]
    for r in rows:
        lines.append(",".join("" if v is None else str(v) for v in r))
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def build() -> None:
    for old in HERE.glob("case_*"):
        old.unlink()
    ind, cov, fa = fmt.INDICATORS_SHEET, fmt.COVER_SHEET, fmt.ACTIONS_SHEET

    # --- the file itself ---
    (HERE / "case_01_not_a_workbook.xlsx").write_text("PI code,Value\nAA01,85\n")
    case("case_01_not_a_workbook.xlsx", "alpha.xlsx", "error", "", None, "", "not an Excel workbook")
    data = valid(HERE / "case_02_truncated.xlsx").read_bytes()
    (HERE / "case_02_truncated.xlsx").write_bytes(data[: len(data) // 2])
    case("case_02_truncated.xlsx", "alpha.xlsx", "error", "", None, "", "truncated or corrupt")
    (HERE / "case_03_password_protected.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    case("case_03_password_protected.xlsx", "alpha.xlsx", "error", "", None, "", "password protected")
    (HERE / "case_04_empty.xlsx").write_bytes(b"")
    case("case_04_empty.xlsx", "alpha.xlsx", "error", "", None, "", "empty")
    (HERE / "case_05_pdf_renamed.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    case("case_05_pdf_renamed.xlsx", "alpha.xlsx", "error", "", None, "", "not an Excel workbook")

    # --- sheets and headers ---
    edit("case_06_indicators_sheet_renamed.xlsx", lambda wb: setattr(wb[ind], "title", "Sheet1"))
    case("case_06_indicators_sheet_renamed.xlsx", "alpha.xlsx", "error", ind, None, "", "sheet 'Indicators' is missing")
    edit("case_07_no_cover.xlsx", lambda wb: wb.remove(wb[cov]))
    case("case_07_no_cover.xlsx", "alpha.xlsx", "error", cov, None, "", "sheet 'Cover' is missing")
    edit("case_08_no_actions_sheet.xlsx", lambda wb: wb.remove(wb[fa]))
    case("case_08_no_actions_sheet.xlsx", "alpha.xlsx", "error", fa, None, "", "sheet 'Flagship actions' is missing")

    def header_down(wb):
        wb[ind].insert_rows(1, amount=2)
        wb[ind]["A1"] = "Alpha Services performance return"

    edit("case_09_header_moved_down.xlsx", header_down)
    case("case_09_header_moved_down.xlsx", "alpha.xlsx", "warning", ind, 3, "PI code", "header found on row 3")

    def extra_col(wb):
        wb[ind].cell(row=1, column=11, value="Notes")

    edit("case_10_extra_column.xlsx", extra_col)
    case("case_10_extra_column.xlsx", "alpha.xlsx", "warning", ind, 1, "Notes", "unexpected column ignored")
    edit("case_11_renamed_column.xlsx", lambda wb: wb[ind].cell(row=1, column=6, value="Figure"))
    case("case_11_renamed_column.xlsx", "alpha.xlsx", "error", ind, 1, "Value", "required column missing or renamed")
    edit("case_12_duplicate_column.xlsx", lambda wb: wb[ind].cell(row=1, column=11, value="Commentary"))
    case("case_12_duplicate_column.xlsx", "alpha.xlsx", "error", ind, 1, "Commentary", "column appears twice")

    def empty_sheet(wb):
        wb.remove(wb[ind])
        wb.create_sheet(ind)

    edit("case_13_empty_indicators.xlsx", empty_sheet)
    case("case_13_empty_indicators.xlsx", "alpha.xlsx", "error", ind, None, "", "the sheet is empty")

    # --- cover ---
    edit("case_14_wrong_quarter.xlsx", lambda wb: wb[cov].cell(row=5, column=2, value="2023-24 Q2"))
    case("case_14_wrong_quarter.xlsx", "alpha.xlsx", "error", cov, 5, "Quarter", "this return is for 2023-24 Q2")
    edit("case_15_wrong_year.xlsx", lambda wb: wb[cov].cell(row=5, column=2, value="2022-23 Q3"))
    case("case_15_wrong_year.xlsx", "alpha.xlsx", "error", cov, 5, "Quarter", "this return is for 2022-23 Q3")
    edit("case_16_quarter_unreadable.xlsx", lambda wb: wb[cov].cell(row=5, column=2, value="Q3"))
    case("case_16_quarter_unreadable.xlsx", "alpha.xlsx", "error", cov, 5, "Quarter", "does not say which quarter")
    edit("case_17_wrong_directorate.xlsx", lambda wb: wb[cov].cell(row=4, column=2, value="beta"))
    case("case_17_wrong_directorate.xlsx", "alpha.xlsx", "error", cov, 4, "Directorate", "names another directorate")
    edit("case_18_late.xlsx", lambda wb: wb[cov].cell(row=7, column=2, value=dt.datetime(2024, 2, 20)))
    case("case_18_late.xlsx", "alpha.xlsx", "warning", cov, None, "Date submitted", "after the deadline")

    # --- cells ---
    edit("case_19_tbc.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value="TBC"))
    case("case_19_tbc.xlsx", "alpha.xlsx", "error", ind, 3, "Value", "cannot be used")
    edit("case_20_div0.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value="#DIV/0!"))
    case("case_20_div0.xlsx", "alpha.xlsx", "error", ind, 3, "Value", "cannot be used")
    edit("case_21_na_numerator.xlsx", lambda wb: wb[ind].cell(row=2, column=7, value="#N/A"))
    case("case_21_na_numerator.xlsx", "alpha.xlsx", "error", ind, 2, "Numerator", "cannot be used")
    edit("case_22_date_in_value.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value=dt.datetime(2023, 12, 1)))
    case("case_22_date_in_value.xlsx", "alpha.xlsx", "error", ind, 3, "Value", "cannot be used")
    edit("case_23_boolean.xlsx", lambda wb: wb[ind].cell(row=5, column=6, value=True))
    case("case_23_boolean.xlsx", "alpha.xlsx", "error", ind, 5, "Value", "cannot be used")
    edit("case_24_percent_sign.xlsx", lambda wb: wb[ind].cell(row=2, column=6, value="85%"))
    case("case_24_percent_sign.xlsx", "alpha.xlsx", "warning", ind, 2, "Value", "percentage sign removed")
    edit("case_25_thousands.xlsx", lambda wb: wb[ind].cell(row=5, column=6, value="1,095"))
    case("case_25_thousands.xlsx", "alpha.xlsx", "warning", ind, 5, "Value", "thousands separators removed")
    edit("case_26_number_as_text.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value="60"))
    case("case_26_number_as_text.xlsx", "alpha.xlsx", "warning", ind, 3, "Value", "stored as text")
    edit("case_27_percent_over_100.xlsx", lambda wb: wb[ind].cell(row=6, column=6, value=120))
    case("case_27_percent_over_100.xlsx", "alpha.xlsx", "error", ind, 6, "Value", "a percentage from 0 to 100")
    edit("case_28_negative_count.xlsx", lambda wb: wb[ind].cell(row=5, column=6, value=-5))
    case("case_28_negative_count.xlsx", "alpha.xlsx", "error", ind, 5, "Value", "a count of 0 or more")

    def num_over_den(wb):
        wb[ind].cell(row=2, column=7, value=1200)

    edit("case_29_numerator_above_denominator.xlsx", num_over_den)
    case(
        "case_29_numerator_above_denominator.xlsx",
        "alpha.xlsx",
        "error",
        ind,
        2,
        "Numerator",
        "numerator not above the denominator",
    )
    edit("case_30_inconsistent_value.xlsx", lambda wb: wb[ind].cell(row=2, column=6, value=80.0))
    case("case_30_inconsistent_value.xlsx", "alpha.xlsx", "error", ind, 2, "Value", "100 x numerator / denominator")

    # --- rows ---
    edit("case_31_unknown_pi.xlsx", lambda wb: wb[ind].cell(row=4, column=1, value="ZZ99"))
    case("case_31_unknown_pi.xlsx", "alpha.xlsx", "error", ind, 4, "PI code", "a PI code from the catalogue")
    edit("case_32_other_directorates_pi.xlsx", lambda wb: wb[ind].append(["BB02", "x", "", "", None, 120]))
    case(
        "case_32_other_directorates_pi.xlsx", "alpha.xlsx", "error", ind, 7, "PI code", "belongs to another directorate"
    )
    edit("case_33_duplicate_row.xlsx", lambda wb: wb[ind].append([c.value for c in wb[ind][3]]))
    case("case_33_duplicate_row.xlsx", "alpha.xlsx", "error", ind, 7, "PI code", "more than once")
    edit("case_34_missing_pi.xlsx", lambda wb: wb[ind].delete_rows(4))
    case(
        "case_34_missing_pi.xlsx",
        "alpha.xlsx",
        "warning",
        ind,
        None,
        "PI code",
        "AA03 is due this quarter but is missing",
    )
    edit("case_35_no_pi_code.xlsx", lambda wb: wb[ind].append([None, None, None, None, None, 42]))
    case("case_35_no_pi_code.xlsx", "alpha.xlsx", "error", ind, 7, "PI code", "without a PI code")
    edit("case_36_red_without_action.xlsx", lambda wb: setattr(wb[ind].cell(row=4, column=10), "value", None))
    case(
        "case_36_red_without_action.xlsx",
        "alpha.xlsx",
        "error",
        ind,
        4,
        "Corrective action",
        "AA03 is Red but has no corrective action",
    )
    edit("case_37_annual_not_due.xlsx", lambda wb: wb[ind].append(["BB04", "x", "", "", None, 9]), "beta")
    case("case_37_annual_not_due.xlsx", "beta.xlsx", "warning", ind, 6, "PI code", "not due this quarter", "beta")

    # --- flagship actions ---
    edit("case_38_bad_fa_status.xlsx", lambda wb: wb[fa].cell(row=2, column=4, value="Nearly done"))
    case("case_38_bad_fa_status.xlsx", "alpha.xlsx", "error", fa, 2, "Status", "status not recognised")
    edit("case_39_unknown_fa.xlsx", lambda wb: wb[fa].cell(row=2, column=1, value="FA99"))
    case("case_39_unknown_fa.xlsx", "alpha.xlsx", "error", fa, 2, "FA code", "unknown Flagship Action")

    # --- CSV returns ---
    rows = [[c, "", "", "", "", v, n, d, m, a] for c, v, n, d, m, a in ALPHA]
    csv_return("case_40_csv_utf8_bom.csv", rows, "utf-8-sig")
    case("case_40_csv_utf8_bom.csv", "alpha.csv", "warning", "", None, "", "CSV return: no cover sheet")
    rows_1252 = [r[:] for r in rows]
    rows_1252[0][8] = "Busy quarter \u2013 caf\u00e9 closed"
    csv_return("case_41_csv_windows_1252.csv", rows_1252, "cp1252")
    case("case_41_csv_windows_1252.csv", "alpha.csv", "warning", "", None, "", "read as Windows-1252")
    rows_tbc = [r[:] for r in rows]
    rows_tbc[1][5] = "TBC"
    csv_return("case_42_csv_tbc.csv", rows_tbc, "utf-8")
    case("case_42_csv_tbc.csv", "alpha.csv", "error", ind, 3, "Value", "cannot be used")

    # --- attacks (issue 18): figures read as meant, files that must not stop the quarter ---
    def percent_formatted(wb):
        cell = wb[ind].cell(row=4, column=6, value=0.135)
        cell.number_format = "0.0%"

    edit("case_43_percent_formatted.xlsx", percent_formatted)
    case("case_43_percent_formatted.xlsx", "alpha.xlsx", "warning", ind, 4, "Value", "formatted as a percentage")
    edit("case_44_formula_not_calculated.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value="=40+20"))
    case(
        "case_44_formula_not_calculated.xlsx",
        "alpha.xlsx",
        "error",
        ind,
        3,
        "Value",
        "open and save the workbook in Excel so its formulas are calculated",
    )
    path = edit("case_45_external_link.xlsx", lambda wb: wb[ind].cell(row=3, column=6, value="=[1]Sheet1!A1"))
    rewrite_part(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b"<f>[1]Sheet1!A1</f><v /></c>", b"<f>[1]Sheet1!A1</f><v>60</v></c>"),
    )
    case("case_45_external_link.xlsx", "alpha.xlsx", "warning", ind, 3, "Value", "link to another workbook")
    edit("case_46_other_council.xlsx", lambda wb: wb[cov].cell(row=3, column=2, value="Otherton Borough Council"))
    case("case_46_other_council.xlsx", "alpha.xlsx", "error", cov, 3, "Council", "names another council")
    path = valid(HERE / "case_47_strict_ooxml.xlsx")
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda xml: xml.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
    )
    case("case_47_strict_ooxml.xlsx", "alpha.xlsx", "error", "", None, "", "Strict Open XML")
    valid(HERE / "case_48_macro_enabled.xlsm")
    case("case_48_macro_enabled.xlsm", "alpha.xlsm", "error", "", None, "", "saved as a macro-enabled workbook")
    edit("case_49_row_beyond_limit.xlsx", lambda wb: wb[ind].cell(row=10_001, column=1, value="AA01"))
    case("case_49_row_beyond_limit.xlsx", "alpha.xlsx", "error", ind, None, "", "beyond the limit for a return")
    path = valid(HERE / "case_50_unpacks_too_large.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    case("case_50_unpacks_too_large.xlsx", "alpha.xlsx", "error", "", None, "", "over the limit of 50 MB")
    rows_long = [r[:] for r in rows]
    rows_long[0][8] = "x" * 40_000
    csv_return("case_51_csv_field_too_long.csv", rows_long, "utf-8")
    case("case_51_csv_field_too_long.csv", "alpha.csv", "error", ind, 2, "Commentary", "over the limit of 32,767")
    rows_huge = [r[:] for r in rows]
    rows_huge[0][8] = "y" * 140_000
    csv_return("case_52_csv_field_beyond_reader.csv", rows_huge, "utf-8")
    case("case_52_csv_field_beyond_reader.csv", "alpha.csv", "error", ind, 2, "", "could not be read as CSV")

    edit("case_53_percent_typed_as_fraction.xlsx", lambda wb: wb[ind].cell(row=4, column=6, value=0.135))
    case(
        "case_53_percent_typed_as_fraction.xlsx",
        "alpha.xlsx",
        "warning",
        ind,
        4,
        "Value",
        "AA03's value is more than 10 times smaller than every earlier figure",
    )

    with open(HERE / "cases.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CASES[0]))
        writer.writeheader()
        writer.writerows(CASES)


if __name__ == "__main__":
    build()
    print(f"{len(CASES)} cases written to {HERE}")
