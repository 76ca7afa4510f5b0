"""The command line's list of quarters after a failed run."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_list_shows_a_failed_run_and_the_kept_report(story):
    code, out = story["list_after_failure"]
    assert code == 0
    row = next(ln for ln in out.splitlines() if ln.startswith("2023-24 Q3"))
    assert "2 received, 0 missing" in row and "failed (previous report kept, stale)" in row
