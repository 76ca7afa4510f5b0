"""Every file a run of a quarter reads: history up to the quarter, no hidden or lock files, comparator files."""

import hashlib

import fixture_data
import pytest

from perflib.core import paths
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.workflow.run_inputs import hash_inputs, input_files, returns_files

Q1, Q3 = Quarter.parse("2023-24 Q1"), Quarter.parse("2023-24 Q3")


@pytest.fixture()
def council(tmp_path):
    """The fixture council with clutter around its inputs and a comparator folder."""
    path = fixture_data.build(tmp_path / "council")
    root = path.parent
    raw = root / "raw"
    q3 = raw / "2023-24-Q3"
    (q3 / ".DS_Store").write_bytes(b"finder")  # hidden
    (q3 / "~$alpha.xlsx").write_bytes(b"lock")  # Excel's lock file while alpha.xlsx is open
    (q3 / "old").mkdir()  # a folder inside the quarter's folder
    (q3 / "old" / "alpha.xlsx").write_bytes(b"superseded")
    (q3 / "covering note.txt").write_text("sent late")  # not a return, but read (and warned about)
    (raw / "2023-24-Q4").mkdir()
    (raw / "2023-24-Q4" / "alpha.xlsx").write_bytes(b"next quarter")  # after the report quarter
    (raw / "archive").mkdir()
    (raw / "archive" / "x.xlsx").write_bytes(b"not a quarter")
    (root / "catalogue" / "README.md").write_text("notes")
    bench = root / "benchmarks"
    bench.mkdir()
    (bench / "quarterly.csv").write_text("area_code,area_name,period,indicator_id,value\n")
    (bench / "README.md").write_text("where the figures come from")
    path.write_text(
        path.read_text()
        + f"benchmarking:\n  own_area_code: E1\n  group_name: Group\n  group: [E2]\n  folder: {bench.as_posix()}\n"
    )
    return load_config(path), root


def test_inputs_of_a_quarter(council):
    config, root = council
    files = input_files(config, Q3)
    inside = sorted(p.relative_to(root).as_posix() for p in files if root in p.parents)
    assert inside == [
        "benchmarks/quarterly.csv",
        "catalogue/flagship_actions.csv",
        "catalogue/indicators.csv",
        "catalogue/targets.csv",
        "council.yml",
        "raw/2022-23-Q3/alpha.xlsx",
        "raw/2022-23-Q3/beta.xlsx",
        "raw/2023-24-Q1/alpha.xlsx",
        "raw/2023-24-Q1/beta.xlsx",
        "raw/2023-24-Q2/alpha.xlsx",
        "raw/2023-24-Q2/beta.xlsx",
        "raw/2023-24-Q3/alpha.xlsx",
        "raw/2023-24-Q3/beta.xlsx",
        "raw/2023-24-Q3/covering note.txt",
        "raw/2023-24-Q3/narrative.xlsx",
    ]
    outside = [p for p in files if root not in p.parents]
    assert outside == sorted([paths.METHODOLOGY_CONFIG, *paths.NOTEBOOKS])  # the methodology file and notebooks
    assert files == sorted(files) and len(set(files)) == len(files)
    assert all(p.is_absolute() for p in files)


def test_history_goes_up_to_the_quarter_only(council):
    config, root = council
    raw = {p.relative_to(root / "raw").parts[0] for p in input_files(config, Q1) if root / "raw" in p.parents}
    assert raw == {"2022-23-Q3", "2023-24-Q1"}


def test_without_a_benchmarking_block_no_comparator_files(tmp_path):
    config = load_config(fixture_data.build(tmp_path / "council"))
    assert not [p for p in input_files(config, Q3) if p.suffix == ".csv" and "catalogue" not in p.parts]


def test_returns_files_of_a_folder(council):
    config, root = council
    names = [p.name for p in returns_files(config.raw_quarter_dir(Q3))]
    assert names == ["alpha.xlsx", "beta.xlsx", "covering note.txt", "narrative.xlsx"]  # sorted
    assert returns_files(root / "raw" / "2030-31-Q1") == []


def test_hash_inputs_keys_and_digests(council):
    config, root = council
    hashes = hash_inputs(config, Q3)
    assert list(hashes) == sorted(hashes)
    # project files by their path in the project; the council kept elsewhere by its absolute path
    assert "notebooks/01_prepare.ipynb" in hashes and "data/methodology.yml" in hashes
    alpha = root / "raw" / "2023-24-Q3" / "alpha.xlsx"
    assert hashes[alpha.resolve().as_posix()] == hashlib.sha256(alpha.read_bytes()).hexdigest()
    note = root / "raw" / "2023-24-Q3" / "covering note.txt"
    note.write_text("sent very late")
    after = hash_inputs(config, Q3)
    changed = {k for k in hashes if hashes[k] != after[k]}
    assert changed == {note.resolve().as_posix()}
