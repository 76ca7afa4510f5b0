"""The council configuration: a missing file is a clear error."""

import pytest

from perflib.core.config import ConfigError, load_config


def test_missing_config_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yml")
