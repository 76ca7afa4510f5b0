"""Processed data is written as parquet files beside its key."""

import fixture_data

from perflib.workflow.cache import prepare


def test_processed_files_written(fresh_fixture):
    from perflib.core.config import load_config

    prepare("2023-24 Q3", fresh_fixture)
    folder = load_config(fresh_fixture).processed_quarter_dir(fixture_data.Quarter.parse("2023-24 Q3"))
    for name in ("panel", "scorecard", "actions", "receipts", "problems", "narrative"):
        assert (folder / f"{name}.parquet").exists()
