"""The published folder: one run of a quarter at a time, leftovers of dead runs tidied, changed only by a publish."""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest
from workflow_story import Q

from perflib.core.config import load_config
from perflib.workflow import outputs
from perflib.workflow.cli import main
from perflib.workflow.outputs import RunFailed, clean_stale, quarter_lock


@pytest.mark.e2e
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


@pytest.mark.e2e
def test_one_run_of_a_quarter_at_a_time(tmp_path):
    with quarter_lock(tmp_path, Q):
        with pytest.raises(RunFailed, match="another run of this quarter is in progress"):
            with quarter_lock(tmp_path, Q, wait_seconds=0.2):
                pass
    with quarter_lock(tmp_path, Q, wait_seconds=0.2):  # released afterwards
        pass


def _published(config_path):
    config = load_config(config_path)
    final = config.output_quarter_dir(Q)
    final.mkdir(parents=True)
    for name, text in (("appendix1.html", "<p>good report</p>"), ("manifest.json", "{}")):
        (final / name).write_text(text)
    return config, final


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_validate_leaves_the_published_folder_byte_identical(fresh_fixture, capsys):
    config, final = _published(fresh_fixture)
    before = _snapshot(final)
    assert main(["validate", "--quarter", Q.label, "--config", str(fresh_fixture)]) == 0
    assert _snapshot(final) == before
    written = config.outputs_dir / ".checks" / Q.slug / "data_quality.csv"
    assert written.is_file()
    assert "written to " in capsys.readouterr().out


def test_validate_while_a_publish_is_held_between_its_renames(fresh_fixture, tmp_path, monkeypatch):
    config, final = _published(fresh_fixture)
    new = final.with_name(f".tmp-{final.name}-{os.getpid()}")
    new.mkdir()
    (new / "appendix1.html").write_text("<p>new report</p>")
    real_replace = os.replace
    seen = {}

    def held_replace(src, dst):
        real_replace(src, dst)
        if str(src) == str(final):  # the first rename is done: the published folder is aside as .old-*
            seen["exit"] = main(["validate", "--quarter", Q.label, "--config", str(fresh_fixture)])
            seen["during"] = sorted(p.name for p in config.outputs_dir.iterdir())

    monkeypatch.setattr(outputs.os, "replace", held_replace)
    outputs.publish(new, final)
    monkeypatch.undo()
    assert seen["exit"] == 0
    assert Q.slug not in seen["during"]  # validate made no folder where the publish is about to rename
    assert (final / "appendix1.html").read_text() == "<p>new report</p>"
    assert not [p for p in config.outputs_dir.iterdir() if p.name.startswith((".old-", ".tmp-"))]


def test_a_publish_cut_between_its_renames_is_put_back_by_the_next_command(fresh_fixture, capsys):
    config, final = _published(fresh_fixture)
    dead = subprocess.Popen(["true"])
    dead.wait()
    os.replace(final, final.with_name(f".old-{final.name}-{dead.pid}"))  # killed after the first rename
    assert main(["list", "--config", str(fresh_fixture)]) == 0
    out = capsys.readouterr().out
    assert f"put back the previous outputs {Q.slug} from an interrupted run" in out
    assert (final / "appendix1.html").read_text() == "<p>good report</p>"


def test_a_failure_on_a_full_disk_keeps_no_empty_notebook(tmp_path, monkeypatch):
    import errno
    import shutil

    tmp, final = tmp_path / ".tmp-2023-24-Q3-1", tmp_path / "2023-24-Q3"
    tmp.mkdir()
    (tmp / "appendix1.ipynb").write_bytes(b"")  # papermill could not write it
    assert outputs.keep_failed(tmp, final) is None and not final.exists()
    (tmp / "appendix1.ipynb").write_text('{"cells": []}')

    def full(src, dst, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(shutil, "copyfile", full)
    assert outputs.keep_failed(tmp, final) is None
    assert not final.exists()  # no half-made folder, no 0-byte notebook
