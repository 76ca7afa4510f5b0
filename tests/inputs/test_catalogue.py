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


def test_fixture_catalogue_names_who_is_accountable_with_no_warning(fixture_config):
    cat = load_catalogue(load_config(fixture_config))
    assert cat.warnings == ()
    ind = cat.indicators.set_index("pi_code")
    assert ind.loc["AA01", "lead_officer"] == "Head of Alpha"
    assert ind.loc["BB01", "portfolio_holder"] == "Cabinet Member for Beta"
    fa = cat.actions.set_index("fa_code")
    assert fa.loc["FA01", "lead_officer"] == "Director of Customer Services"
    assert fa.loc["FA01", "portfolio_holder"] == "Cabinet Member for Alpha"


def test_an_older_catalogue_loads_with_warnings_not_errors(fresh_fixture):
    """No accountability columns in indicators.csv; flagship_actions.csv says owner and has no portfolio holder."""
    folder = fresh_fixture.parent / "catalogue"
    ind = folder / "indicators.csv"
    ind.write_text(
        ind.read_text()
        .replace(",lead_officer,portfolio_holder", "")
        .replace(",Head of Alpha,Cabinet Member for Alpha", "")
        .replace(",Head of Beta,Cabinet Member for Beta", "")
    )
    fa = folder / "flagship_actions.csv"
    text = fa.read_text().replace("lead_officer,portfolio_holder", "owner")
    fa.write_text(text.replace(",Cabinet Member for Alpha", "").replace(",Cabinet Member for Beta", ""))
    cat = load_catalogue(load_config(fresh_fixture))
    assert (cat.indicators["lead_officer"] == "").all() and (cat.indicators["portfolio_holder"] == "").all()
    assert cat.actions.set_index("fa_code").loc["FA02a", "lead_officer"] == "Head of Waste"
    assert (cat.actions["portfolio_holder"] == "").all()
    found = [(p.severity, p.file.rsplit("/", 1)[-1], p.column) for p in cat.warnings]
    assert found == [
        ("warning", "indicators.csv", "lead_officer"),
        ("warning", "indicators.csv", "portfolio_holder"),
        ("warning", "flagship_actions.csv", "portfolio_holder"),
    ]


def test_a_glossary_beside_the_catalogue_is_checked_with_it(fresh_fixture):
    folder = fresh_fixture.parent / "catalogue"
    (folder / "glossary.csv").write_text("abbreviation,expansion\nPI,Performance Indicator\nPI,again\nSEND,\n")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(load_config(fresh_fixture))
    located = {(p.row, p.column) for p in err.value.problems}
    assert located == {(2, "abbreviation"), (3, "abbreviation"), (4, "expansion")}


def test_no_glossary_is_no_problem(fresh_fixture):
    folder = fresh_fixture.parent / "catalogue"
    assert not (folder / "glossary.csv").exists()
    load_catalogue(load_config(fresh_fixture))  # nothing to expand, nothing to report
