"""A return's Cover sheet: a return for another quarter is unusable, with the problem located on its cover."""

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")


def _load(cfg_path):
    cfg = load_config(cfg_path)
    return cfg, load_quarter(cfg, load_catalogue(cfg), Q3)


def test_wrong_quarter_in_file_is_an_error(fresh_fixture):
    src = fresh_fixture.parent / "raw" / "2023-24-Q2" / "beta.xlsx"
    dst = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    dst.write_bytes(src.read_bytes())  # last quarter's file re-sent
    _, ret = _load(fresh_fixture)
    err = [p for p in ret.problems if p.severity == "error"]
    assert len(err) == 1 and "2023-24 Q2" in err[0].message and err[0].sheet == "Cover"
