"""The checks on what a return gave: a Flagship Action row with a status not recognised is rejected, located."""

from openpyxl import load_workbook


def test_unknown_fa_status_is_an_error(fresh_fixture, load_q3):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    wb = load_workbook(path)
    wb["Flagship actions"]["D2"] = "Nearly done"
    wb.save(path)
    _, ret = load_q3(fresh_fixture)
    bad = [p for p in ret.problems if p.sheet == "Flagship actions"]
    assert len(bad) == 1 and bad[0].row == 2 and bad[0].value == "Nearly done"
