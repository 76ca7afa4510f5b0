"""The published folder: one run of a quarter at a time, leftovers of dead runs tidied."""

from __future__ import annotations

import os
import subprocess

import pytest
from workflow_story import Q

from perflib.workflow.outputs import RunFailed, clean_stale, quarter_lock

pytestmark = pytest.mark.e2e


def test_stale_leftovers_of_dead_processes_are_tidied(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    outputs = tmp_path / "outputs"
    (outputs / "2023-24-Q1").mkdir(parents=True)
    (outputs / f".tmp-2023-24-Q3-{dead.pid}").mkdir()
    (outputs / f".old-2023-24-Q1-{dead.pid}").mkdir()  # the published folder exists
    (outputs / f".old-2023-24-Q2-{dead.pid}").mkdir()  # killed mid-swap: put it back
    (outputs / f".old-2023-24-Q2-{dead.pid}" / "appendix1.html").write_text("good")
    alive = outputs / f".tmp-2023-24-Q4-{os.getppid()}"  # a live process: leave it
    alive.mkdir()
    notes = clean_stale(outputs)
    assert sorted(p.name for p in outputs.iterdir() if not p.name.startswith(".lock-")) == sorted(
        ["2023-24-Q1", "2023-24-Q2", alive.name]
    )
    assert (outputs / "2023-24-Q2" / "appendix1.html").read_text() == "good"
    assert len(notes) == 3 and any("put back" in n for n in notes)


def test_one_run_of_a_quarter_at_a_time(tmp_path):
    with quarter_lock(tmp_path, Q):
        with pytest.raises(RunFailed, match="another run of this quarter is in progress"):
            with quarter_lock(tmp_path, Q, wait_seconds=0.2):
                pass
    with quarter_lock(tmp_path, Q, wait_seconds=0.2):  # released afterwards
        pass
