"""The published folder changes only when a run publishes: validate during a publish, and a publish cut short."""

from __future__ import annotations

import hashlib
import os
import subprocess

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.workflow import outputs
from perflib.workflow.cli import main

Q = Quarter.parse("2023-24 Q3")


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
