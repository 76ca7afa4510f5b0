"""perflib run --all: every quarter built, with progress lines."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_run_all_builds_every_quarter_with_progress(story):
    done = story["all"]
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert (
        "building 4 quarters (2022-23 Q3 to 2023-24 Q3), 2 at a time" in out
        or "building 4 quarters (2022-23 Q3 to 2023-24 Q3), 1 at a time" in out
    )
    for i, label in enumerate(["2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3"], start=1):
        # --rebuild: each worker makes the data itself (the prepare notebook's function), then runs the report
        for step in (
            "preparing the data in this process (what 01_prepare.ipynb does)",
            "returns received",
            "running 02_appendix1.ipynb",
            "exporting HTML",
            "exporting PDF",
            "done; outputs in",
        ):
            assert re.search(rf"^\[{i}/4\] {re.escape(label)}: {re.escape(step)}", out, re.M), (label, step)
        manifest = story["manifests_after_all"][label]
        assert manifest["parameters"]["processed_data"] == "rebuilt in the run's process (run --all)"
    assert "running 01_prepare.ipynb" not in out
    assert re.search(r"^4 of 4 built, 0 failed, in \d+m \d\ds$", out, re.M)
