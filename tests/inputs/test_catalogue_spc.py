"""The catalogue's optional SPC columns: accepted when sound, located errors when not."""

from __future__ import annotations

import pandas as pd
import pytest

HIGHER, LOWER, RANGE = "higher", "lower", "range"


# --------------------------------------------------------------------------- catalogue columns
def test_catalogue_accepts_the_optional_spc_columns(fresh_fixture):
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import load_catalogue

    cat = load_catalogue(load_config(fresh_fixture))  # fixture has no spc columns: blank
    assert cat.indicators["spc_baseline"].isna().all() and cat.indicators["spc_rebase"].isna().all()
    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    lines = path.read_text().splitlines()
    lines[0] += ",spc_baseline,spc_rebase"
    lines[1] += ",12,2022-23 Q1; 2023/24 Q2"
    lines[2:] = [line + ",," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n")
    ind = load_catalogue(load_config(fresh_fixture)).indicators.set_index("pi_code")
    assert ind.loc["AA01", "spc_baseline"] == 12
    assert ind.loc["AA01", "spc_rebase"] == "2022-23 Q1;2023-24 Q2"
    assert pd.isna(ind.loc["AA02", "spc_baseline"]) and pd.isna(ind.loc["AA02", "spc_rebase"])


@pytest.mark.parametrize(
    "baseline,rebase,column",
    [
        ("ten", "", "spc_baseline"),
        ("8", "", "spc_baseline"),
        ("12.5", "", "spc_baseline"),
        ("", "2023 Q9", "spc_rebase"),
    ],
)
def test_catalogue_rejects_bad_spc_columns(fresh_fixture, baseline, rebase, column):
    from perflib.core.config import load_config
    from perflib.inputs.catalogue import CatalogueError, load_catalogue

    path = fresh_fixture.parent / "catalogue" / "indicators.csv"
    lines = path.read_text().splitlines()
    lines[0] += ",spc_baseline,spc_rebase"
    lines[1] += f",{baseline},{rebase}"
    lines[2:] = [line + ",," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(load_config(fresh_fixture))
    assert any(p.row == 2 and p.column == column for p in info.value.problems)
