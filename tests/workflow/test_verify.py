"""perflib verify: current until an input changes, then it names what changed."""

from __future__ import annotations

import re

import pytest
from workflow_story import Q, _cli

from perflib.inputs import layout as fmt
from perflib.workflow.cli import main

pytestmark = pytest.mark.e2e


def test_verify_says_current_then_names_what_changed(story, capsys):
    cfg = str(story["config_path"])
    assert main(["verify", "--quarter", "2023/24 Q3", "--config", cfg]) == 0
    assert "the report is current" in capsys.readouterr().out
    root = story["root"]
    history = root / "raw" / "2023-24-Q2" / "beta.xlsx"  # history feeds the trends
    extra = root / "raw" / Q.slug / "late_note.xlsx"
    narrative = root / "raw" / Q.slug / fmt.NARRATIVE_FILE
    saved = {p: p.read_bytes() for p in (history, narrative)}
    try:
        history.write_bytes(saved[history] + b"\0")
        extra.write_bytes(b"PK")
        narrative.unlink()
        assert main(["verify", "--quarter", "2023-24-Q3", "--config", cfg]) == 1
        out = capsys.readouterr().out
        assert "STALE" in out
        assert re.search(r"changed:\s+\S*raw/2023-24-Q2/beta\.xlsx", out)
        assert re.search(r"added:\s+\S*raw/2023-24-Q3/late_note\.xlsx", out)
        assert re.search(r"removed:\s+\S*raw/2023-24-Q3/narrative\.xlsx", out)
        assert 'perflib run --quarter "2023-24 Q3"' in out
        code, listing = _cli("list", "--config", cfg)
        states = {ln[:10]: ln.split()[-1] for ln in listing.splitlines()[1:]}
        assert states == {
            "2022-23 Q3": "current",
            "2023-24 Q1": "current",
            "2023-24 Q2": "stale",
            "2023-24 Q3": "stale",
        }
    finally:
        extra.unlink(missing_ok=True)
        for p, data in saved.items():
            p.write_bytes(data)
    assert main(["verify", "--quarter", "2023-24 Q3", "--config", cfg]) == 0
    capsys.readouterr()


def test_verify_without_a_manifest_exits_1(fresh_fixture, capsys):
    assert main(["verify", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)]) == 1
    assert "no report yet" in capsys.readouterr().out
