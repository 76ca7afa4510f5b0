"""The analyst's JupyterLab: the save hook, the session quarter and the lab command."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jupytext
import nbformat
import pytest

from perflib.core import paths
from perflib.core.quarters import Quarter
from perflib.workflow import lab

PARAMS = 'quarter = "2023-24 Q3"\nconfig = "data/council.yml"'


def _committed() -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "p1",
                "metadata": {"tags": ["parameters"]},
                "outputs": [],
                "source": PARAMS,
            },
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "c1",
                "metadata": {},
                "outputs": [],
                "source": "x = 1",
            },
        ],
        "metadata": {
            "jupytext": {"formats": "ipynb,py:percent"},
            "kernelspec": {"display_name": "Python (perflib)", "language": "python", "name": "perflib"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture()
def notebooks(tmp_path, monkeypatch) -> Path:
    """A project notebooks folder with one committed notebook and its paired script."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.from_dict(_committed())
    nbformat.write(nb, folder / "n.ipynb")
    jupytext.write(nb, folder / "n.py", fmt="py:percent")
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    return folder


class _Manager:
    def __init__(self, root: Path) -> None:
        self.root_dir = str(root)


def _run_all_and_type_a_quarter() -> dict:
    nb = _committed()
    nb["cells"][0]["source"] = 'quarter = "2024-25 Q1"\nconfig = "data/council.yml"'
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    nb["cells"][1]["execution_count"] = 4
    nb["metadata"]["language_info"] = {"name": "python"}
    return nb


def test_hook_strips_outputs_and_restores_the_quarter(notebooks):
    model = {"type": "notebook", "content": _run_all_and_type_a_quarter()}
    lab.pre_save_hook(model, "notebooks/n.ipynb", _Manager(notebooks.parent))
    assert model["content"] == _committed()


def test_hook_cleans_the_paired_script_jupytext_writes(notebooks):
    before = (notebooks / "n.py").read_text(encoding="utf-8")
    text = jupytext.writes(nbformat.from_dict(_run_all_and_type_a_quarter()), fmt="py:percent")
    assert "2024-25 Q1" in text
    model = {"type": "file", "format": "text", "content": text}
    lab.pre_save_hook(model, "notebooks/n.py", _Manager(notebooks.parent))
    assert model["content"] == before


def test_hook_leaves_a_scratch_notebook_alone(notebooks):
    scratch = _run_all_and_type_a_quarter()
    model = {"type": "notebook", "content": copy.deepcopy(scratch)}
    (notebooks / "scratch.ipynb").write_text(json.dumps(scratch), encoding="utf-8")  # no paired .py
    lab.pre_save_hook(model, "notebooks/scratch.ipynb", _Manager(notebooks.parent))
    assert model["content"] == scratch


def test_lab_quarter(monkeypatch):
    monkeypatch.delenv(lab.QUARTER_VARIABLE, raising=False)
    assert lab.lab_quarter() is None
    monkeypatch.setenv(lab.QUARTER_VARIABLE, "2024/25 Q1")
    assert lab.lab_quarter() == Quarter.parse("2024-25 Q1")
    monkeypatch.setenv(lab.QUARTER_VARIABLE, "next spring")
    assert lab.lab_quarter() is None


def test_with_quarter_changes_only_the_quarter_line():
    assert lab.with_quarter(PARAMS, "2024-25 Q1") == 'quarter = "2024-25 Q1"\nconfig = "data/council.yml"'
    assert lab.with_quarter("config = 1", "2024-25 Q1") == "config = 1"


def test_contents_manager_opens_the_project_notebooks_on_the_lab_quarter(notebooks, monkeypatch):
    import asyncio

    monkeypatch.setenv(lab.QUARTER_VARIABLE, "2024-25 Q1")
    manager = lab.LabContentsManager(root_dir=str(notebooks))
    nb = asyncio.run(manager.get("n.ipynb"))
    assert nb["content"]["cells"][0]["source"] == 'quarter = "2024-25 Q1"\nconfig = "data/council.yml"'
    script = asyncio.run(manager.get("n.py", type="file", format="text"))
    assert 'quarter = "2024-25 Q1"' in script["content"] and 'quarter = "2023-24 Q3"' not in script["content"]
    # the files themselves keep the default; saving what was opened puts it back (the save hook)
    assert 'quarter = "2023-24 Q3"' in (notebooks / "n.py").read_text(encoding="utf-8")
    model = {"type": "notebook", "content": nb["content"]}
    lab.pre_save_hook(model, "n.ipynb", manager)
    assert model["content"] == _committed()
    # a scratch notebook, or no quarter chosen: opened as it is
    (notebooks / "scratch.ipynb").write_text(json.dumps(_committed()), encoding="utf-8")
    assert asyncio.run(manager.get("scratch.ipynb"))["content"]["cells"][0]["source"] == PARAMS
    monkeypatch.delenv(lab.QUARTER_VARIABLE)
    assert asyncio.run(manager.get("n.ipynb"))["content"]["cells"][0]["source"] == PARAMS


def test_lab_command_sets_the_quarter_and_the_hook(monkeypatch):
    monkeypatch.setenv(lab.QUARTER_VARIABLE, "2020-21 Q1")
    command, env = lab.lab_command(Quarter.parse("2024-25 Q1"), ["--no-browser"])
    assert command[1] == "lab" and command[-1] == "--no-browser"
    assert f"--notebook-dir={paths.NOTEBOOKS_DIR}" in command
    assert "--ContentsManager.pre_save_hook=perflib.workflow.lab.pre_save_hook" in command
    assert "--ServerApp.contents_manager_class=perflib.workflow.lab.LabContentsManager" in command
    assert env[lab.QUARTER_VARIABLE] == "2024-25 Q1"
    _, env = lab.lab_command(None)
    assert lab.QUARTER_VARIABLE not in env
