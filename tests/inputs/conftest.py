"""Shared by the tests of the returns modules: load the fixture council's 2023-24 Q3 returns."""

import pytest

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import load_catalogue
from perflib.inputs.returns import load_quarter

Q3 = Quarter.parse("2023-24 Q3")


@pytest.fixture()
def load_q3():
    """A function: council.yml path -> (config, the 2023-24 Q3 returns as loaded)."""

    def load(cfg_path):
        cfg = load_config(cfg_path)
        return cfg, load_quarter(cfg, load_catalogue(cfg), Q3)

    return load
