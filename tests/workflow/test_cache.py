"""perflib.cache: processed data is reused only when its inputs and the code are unchanged."""

from __future__ import annotations

import json

import fixture_data
import pytest

from perflib.build.prepared import PROCESSED_FILES
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.workflow import cache
from perflib.workflow.cache import prepare as prepare_quarter

Q = Quarter.parse(fixture_data.REPORT_QUARTER)


@pytest.fixture()
def prepared_fresh(fresh_fixture):
    """A private fixture council whose report quarter has just been prepared."""
    config = load_config(fresh_fixture)
    prepare_quarter(Q, config)
    return config


def test_prepare_records_the_key_and_the_data_is_current(prepared_fresh):
    folder = prepared_fresh.processed_quarter_dir(Q)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["inputs_key"] == cache.processed_key(prepared_fresh, Q)
    assert len(meta["inputs_key"]) == 64
    assert cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_a_changed_return_makes_it_stale(prepared_fresh):
    ret = prepared_fresh.raw_quarter_dir(Q) / "alpha.xlsx"
    ret.write_bytes(ret.read_bytes() + b"\0")  # any change to the bytes
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_a_changed_earlier_quarter_makes_it_stale(prepared_fresh):
    earlier = Quarter.parse("2023-24 Q1")
    folder = prepared_fresh.raw_quarter_dir(earlier)
    victim = sorted(folder.glob("*.xlsx"))[0]
    victim.write_bytes(victim.read_bytes() + b"\0")  # history feeds the trends
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_a_later_quarter_does_not_matter(prepared_fresh):
    later = prepared_fresh.raw_quarter_dir(Quarter.parse("2024-25 Q1"))
    later.mkdir(parents=True)
    fixture_data.write_return(later / "alpha.xlsx", "alpha", "2024-25 Q1", [], [])
    assert cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_a_new_file_in_the_quarter_makes_it_stale(prepared_fresh):
    (prepared_fresh.raw_quarter_dir(Q) / "notes.txt").write_text("late addition", encoding="utf-8")
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_catalogue_and_council_file_are_part_of_the_key(prepared_fresh):
    targets = prepared_fresh.catalogue_dir / "targets.csv"
    good = targets.read_bytes()
    targets.write_bytes(good + b"\n")
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)
    targets.write_bytes(good)
    assert cache.is_current(prepared_fresh, Q, PROCESSED_FILES)  # put back: current again
    prepared_fresh.source.write_text(
        prepared_fresh.source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_code_is_part_of_the_key(prepared_fresh, monkeypatch):
    assert cache._code_digest() == cache._hash_code()  # nothing edited since this process started
    monkeypatch.setattr(cache, "_code_digest", lambda: "0" * 64)  # e.g. rules.py edited since
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_code_digest_covers_every_module(tmp_path, monkeypatch):
    from perflib.core import paths

    package = tmp_path / "perflib"
    package.mkdir()
    (package / "rules.py").write_text("AMBER = 1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path)
    before = cache._hash_code()
    (package / "rules.py").write_text("AMBER = 2\n", encoding="utf-8")
    assert cache._hash_code() != before
    (package / "rules.py").write_text("AMBER = 1\n", encoding="utf-8")
    assert cache._hash_code() == before
    (package / "trends.py").write_text("", encoding="utf-8")  # a new module counts too
    assert cache._hash_code() != before


def test_a_kernel_running_old_code_records_a_key_that_is_not_current(prepared_fresh, monkeypatch):
    monkeypatch.setattr(cache, "_code_digest", lambda: "1" * 64)  # the code this kernel imported
    prepare_quarter(Q, prepared_fresh)
    monkeypatch.setattr(cache, "_code_digest", lambda: "2" * 64)  # the code on disk now
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_missing_parquet_or_bad_meta_is_never_reused(prepared_fresh):
    folder = prepared_fresh.processed_quarter_dir(Q)
    (folder / "meta.json").write_text("{not json", encoding="utf-8")
    assert cache.stored_key(folder) is None
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)
    prepare_quarter(Q, prepared_fresh)
    assert cache.is_current(prepared_fresh, Q, PROCESSED_FILES)
    (folder / "spc_points.parquet").unlink()
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_no_meta_means_not_current(fresh_fixture):
    config = load_config(fresh_fixture)
    assert cache.stored_key(config.processed_quarter_dir(Q)) is None
    assert not cache.is_current(config, Q, PROCESSED_FILES)


def test_a_failed_prepare_leaves_no_key_behind(prepared_fresh, monkeypatch):
    from perflib.build import prepared as store

    def broken(frame, path):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_parquet", broken)
    with pytest.raises(OSError):
        prepare_quarter(Q, prepared_fresh)
    assert cache.stored_key(prepared_fresh.processed_quarter_dir(Q)) is None
    assert not cache.is_current(prepared_fresh, Q, PROCESSED_FILES)


def test_benchmark_files_are_inputs(tmp_path):
    from perflib.workflow.run_inputs import input_files

    config = load_config(fixture_data.sample_config(tmp_path))
    names = {p.name for p in input_files(config, Quarter.parse("2023-24 Q3"))}
    sources = {"fictional_group.yml", "annual.csv", "quarterly.csv", "ehcp_20_weeks.yml"}
    assert sources | {"sen2_mi_2023.csv", "sen2_mi_2024.csv"} <= names
    assert any(p.name == "sen2_mi_2024.csv" for p in cache.key_files(config, Quarter.parse("2023-24 Q3")))
