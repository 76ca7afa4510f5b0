"""Shared fixtures: the hand-countable fixture council, built once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import comparator_data
import fixture_data


@pytest.fixture(scope="session")
def fixture_config(tmp_path_factory) -> Path:
    """Path of the fixture council.yml (catalogue, returns, empty outputs)."""
    root = tmp_path_factory.mktemp("council")
    return fixture_data.build(root)


@pytest.fixture()
def fresh_fixture(tmp_path) -> Path:
    """A private copy of the fixture council, safe to modify."""
    return fixture_data.build(tmp_path / "council")


@pytest.fixture(scope="session")
def prepared(fixture_config):
    """The fixture's processed data for 2023-24 Q3."""
    from perflib.workflow.cache import prepare

    return prepare(fixture_data.REPORT_QUARTER, fixture_config)


@pytest.fixture(scope="session")
def sample_default_run(tmp_path_factory):
    """The bundled sample's default quarter rendered once per session into a temporary folder.

    Returns (config dict, RunResult). Shared by the sample and accessibility tests.
    """
    import yaml

    from perflib.workflow.run import run_quarter

    path = fixture_data.sample_config(tmp_path_factory.mktemp("sample"))
    cfg = yaml.safe_load(path.read_text())
    return cfg, run_quarter(cfg["default_quarter"], path, log=lambda _: None)


@pytest.fixture()
def bench_config(tmp_path):
    """A benchmarking block whose folder holds the comparator_data source (test.yml and its two files)."""
    from perflib.core.config import BenchmarkingConfig

    folder = comparator_data.write_source(tmp_path / "comparators")
    return BenchmarkingConfig(
        own_area_code="OWN", group_name="Default group", group=comparator_data.GROUP, folder=folder
    )
