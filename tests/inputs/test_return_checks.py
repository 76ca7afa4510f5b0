"""The checks on what a return gave: a Flagship Action row with a status not recognised is rejected, located."""

from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")


def _load(cfg_path):
    cfg = load_config(cfg_path)
    return cfg, load_quarter(cfg, load_catalogue(cfg), Q3)


def test_unknown_fa_status_is_an_error(fresh_fixture):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    wb = load_workbook(path)
    wb["Flagship actions"]["D2"] = "Nearly done"
    wb.save(path)
    _, ret = _load(fresh_fixture)
    bad = [p for p in ret.problems if p.sheet == "Flagship actions"]
    assert len(bad) == 1 and bad[0].row == 2 and bad[0].value == "Nearly done"
