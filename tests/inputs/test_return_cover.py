"""A return's Cover sheet: a return for another quarter is unusable, with the problem located on its cover."""


def test_wrong_quarter_in_file_is_an_error(fresh_fixture, load_q3):
    src = fresh_fixture.parent / "raw" / "2023-24-Q2" / "beta.xlsx"
    dst = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    dst.write_bytes(src.read_bytes())  # last quarter's file re-sent
    _, ret = load_q3(fresh_fixture)
    err = [p for p in ret.problems if p.severity == "error"]
    assert len(err) == 1 and "2023-24 Q2" in err[0].message and err[0].sheet == "Cover"
