"""The catalogue loader: errors name the file, row and column."""

import pytest

from perflib.core.config import load_config
from perflib.inputs.catalogue import CatalogueError, load_catalogue


def test_fixture_catalogue_loads(fixture_config):
    cat = load_catalogue(load_config(fixture_config))
    assert len(cat.indicators) == 10
    assert set(cat.targets["fy_start"]) == {2022, 2023, 2024}
    assert cat.actions["fa_code"].tolist() == ["FA01", "FA02a", "FA02b", "FA03"]


def test_bad_enum_is_reported_with_row_and_column(fresh_fixture):
    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    path.write_text(
        path.read_text().replace(
            "AA02,Average wait to answer,Mean seconds before a call is answered,residents,alpha,lower",
            "AA02,Average wait to answer,Mean seconds before a call is answered,residents,alpha,downwards",
        )
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(load_config(fresh_fixture))
    problems = info.value.problems
    assert len(problems) == 1
    p = problems[0]
    assert p.file.endswith("indicators.csv") and p.row == 3 and p.column == "good_direction"
    assert p.value == "downwards" and "higher" in p.expected


def test_non_numeric_target_is_reported(fresh_fixture):
    path = fresh_fixture.parent / "catalogue" / "targets.csv"
    path.write_text(path.read_text().replace("AA01,2023-24,90", "AA01,2023-24,ninety"))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(load_config(fresh_fixture))
    assert any(p.row == 3 and p.column == "target" and p.value == "ninety" for p in info.value.problems)


def test_cumulative_average_is_rejected(fresh_fixture):
    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    text = path.read_text().replace(
        "AA02,Average wait to answer,Mean seconds before a call is answered,residents,alpha,lower,seconds,0,quarterly,,,in_quarter",
        "AA02,Average wait to answer,Mean seconds before a call is answered,residents,alpha,lower,seconds,0,quarterly,,,cumulative",
    )
    path.write_text(text)
    with pytest.raises(CatalogueError, match="cumulative only"):
        load_catalogue(load_config(fresh_fixture))
