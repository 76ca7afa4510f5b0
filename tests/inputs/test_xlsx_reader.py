"""Reading an .xlsx return: sheets streamed as Excel shows them, whatever size they declare, within the limits."""

import time
import zipfile

import fixture_data
import pytest

from perflib.inputs import layout as fmt
from perflib.inputs.cells import Linked, ShownAsPercent, Uncalculated
from perflib.inputs.workbook import FileProblem
from perflib.inputs.xlsx_reader import _is_percent_format, read_xlsx

Q3 = "2023-24 Q3"
ALPHA = fixture_data.RETURNS[Q3]["alpha"]


def _valid(path):
    fixture_data.write_return(path, "alpha", Q3, ALPHA, [])
    return path


def _rewrite(path, part, change):
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, change(data) if info.filename == part else data)


def _problem(call):
    with pytest.raises(FileProblem) as caught:
        call()
    return caught.value.problem


@pytest.mark.parametrize("ref", ["A1:J5", "A1"])
def test_declared_sheet_size_is_never_trusted(tmp_path, ref):
    # Excel ignores <dimension>; a sheet declaring less than it holds keeps every row and column.
    path = _valid(tmp_path / "alpha.xlsx")
    full = read_xlsx(path, "alpha.xlsx", "alpha").sheets[fmt.INDICATORS_SHEET]

    def shrink(xml):
        start = xml.index(b"<dimension ref=")
        end = xml.index(b"/>", start) + 2
        return xml[:start] + f'<dimension ref="{ref}"/>'.encode() + xml[end:]

    _rewrite(path, "xl/worksheets/sheet2.xml", shrink)
    rows = read_xlsx(path, "alpha.xlsx", "alpha").sheets[fmt.INDICATORS_SHEET]
    assert rows == full
    assert len(rows) == 6  # header + the five AA rows of the fixture
    assert rows[5][0] == "AA05" and rows[1][5] == 85.0


def test_cells_are_marked_when_their_stored_value_is_not_what_excel_shows(tmp_path):
    path = _valid(tmp_path / "alpha.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[fmt.INDICATORS_SHEET]
    ws["F2"].number_format = "0.0%"
    ws["F4"] = "=40+20"
    ws["F5"] = "=[1]Sheet1!A1"
    wb.save(path)
    _rewrite(
        path,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(b"<f>[1]Sheet1!A1</f><v /></c>", b"<f>[1]Sheet1!A1</f><v>95</v></c>"),
    )
    rows = read_xlsx(path, "alpha.xlsx", "alpha").sheets[fmt.INDICATORS_SHEET]
    assert isinstance(rows[1][5], ShownAsPercent) and rows[1][5] == 85.0
    assert isinstance(rows[3][5], Uncalculated) and rows[3][5] == "=40+20"
    assert isinstance(rows[4][5], Linked) and rows[4][5] == 95 and rows[4][5].formula == "=[1]Sheet1!A1"
    assert type(rows[2][5]) is int  # an ordinary number stays ordinary


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.0%", True), ("#,##0.00%", True), ('0.0"%"', False), ("0.0\\%", False), ("General", False)],
)
def test_percent_formats_are_the_ones_that_multiply_by_100(code, percent):
    assert _is_percent_format(code) is percent


def _fill_down(path, last_row):
    filler = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(7, last_row + 1))
    _rewrite(path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>"))


def test_a_million_row_sheet_is_rejected_in_seconds(tmp_path):
    # The attack: a sheet filled down to Excel's last row (1,048,576), 54 MB unpacked.
    path = _valid(tmp_path / "alpha.xlsx")
    _fill_down(path, 1_048_576)
    t0 = time.monotonic()
    p = _problem(lambda: read_xlsx(path, "alpha.xlsx", "alpha"))
    assert time.monotonic() - t0 < 10
    assert p.message == "the workbook unpacks to 54 MB, over the limit of 50 MB for a return; it was not read"


def test_rows_past_the_limit_stop_the_reading(tmp_path):
    path = _valid(tmp_path / "alpha.xlsx")
    _fill_down(path, 20_000)
    p = _problem(lambda: read_xlsx(path, "alpha.xlsx", "alpha"))
    assert (p.sheet, p.message.split(",")[0]) == (fmt.INDICATORS_SHEET, "the sheet holds a value in row 10001")


def test_a_value_far_to_the_right_is_beyond_the_column_limit(tmp_path):
    path = _valid(tmp_path / "alpha.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb[fmt.INDICATORS_SHEET]["XFD2"] = "note"
    wb.save(path)
    p = _problem(lambda: read_xlsx(path, "alpha.xlsx", "alpha"))
    assert p.message.startswith("the sheet holds a value in column XFD, beyond the limit")
