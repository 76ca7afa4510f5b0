"""The council configuration: a missing file is a clear error."""

import pytest

from perflib.core.config import ConfigError, load_config


def test_missing_config_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yml")


def _council(tmp_path, plans):
    import yaml

    from perflib.core.paths import DEFAULT_CONFIG

    data = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    data["plans"] = plans
    path = tmp_path / "council.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_plan_is_the_one_in_force_in_the_quarters_year(tmp_path):
    from perflib.core.quarters import Quarter

    plans = {
        "2018-19": {"name": "Plan A 2018-2022"},
        "2022-23": {"name": "Plan B 2022-2026", "priorities": [{"id": "supported", "name": "Support"}, "residents"]},
    }
    config = load_config(_council(tmp_path, plans))
    assert config.plan_for(Quarter.parse("2020-21 Q2")).name == "Plan A 2018-2022"
    assert len(config.plan_for(Quarter.parse("2020-21 Q2")).priorities) == 3  # none listed: all of them
    later = config.plan_for(Quarter.parse("2023-24 Q3"))
    assert later.name == "Plan B 2022-2026"
    assert [(p.id, p.name) for p in later.priorities] == [
        ("supported", "Support"),
        ("residents", "A council that puts residents first"),
    ]
    # before the first plan: no plan is named
    assert config.plan_for(Quarter.parse("2017-18 Q1")).name == ""


def test_a_plan_naming_an_unknown_priority_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not one of 'priorities'"):
        load_config(_council(tmp_path, {"2022-23": {"name": "P", "priorities": ["nope"]}}))
    with pytest.raises(ConfigError, match="not a financial year"):
        load_config(_council(tmp_path, {"2022": {"name": "P"}}))


def test_the_sample_names_no_plan_before_2022_23():
    from perflib.core.quarters import Quarter

    config = load_config()
    assert config.plan_for(Quarter.parse("2020-21 Q2")).name == ""
    assert config.plan_for(Quarter.parse("2023-24 Q3")).name == "Brentmoor Corporate Plan 2022-2026"
