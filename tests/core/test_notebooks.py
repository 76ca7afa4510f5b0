"""What in a notebook is code and what is session state: cleaning and hashing, on small hand-made notebooks."""

from __future__ import annotations

import copy
import json

from perflib.core.notebooks import (
    clean_notebook,
    code_cells,
    notebook_digest,
    parameter_lines,
    restore_parameters,
)

COMMITTED_PARAMS = 'quarter = "2023-24 Q3"\nconfig = "data/council.yml"'


def committed() -> dict:
    """A notebook as committed: a title, a parameters cell and one code cell, no outputs."""
    return {
        "cells": [
            {"cell_type": "markdown", "id": "a1", "metadata": {"tags": ["remove-cell"]}, "source": "# Title"},
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "p1",
                "metadata": {"tags": ["parameters"]},
                "outputs": [],
                "source": COMMITTED_PARAMS,
            },
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "c1",
                "metadata": {},
                "outputs": [],
                "source": "report = make(quarter)",
            },
        ],
        "metadata": {"jupytext": {"formats": "ipynb,py:percent"}, "kernelspec": {"name": "perflib"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def executed() -> dict:
    """The same notebook after papermill for another quarter, Run All and save: session state everywhere."""
    nb = copy.deepcopy(committed())
    nb["metadata"]["language_info"] = {"name": "python"}
    nb["metadata"]["papermill"] = {"parameters": {"quarter": "2022-23 Q4"}}
    nb["cells"][1]["source"] = ['quarter = "2022-23 Q4"\n', 'config = "data/council.yml"']  # lists, as on disk
    nb["cells"][1]["execution_count"] = 1
    nb["cells"][1]["metadata"]["papermill"] = {"duration": 0.1}
    nb["cells"].insert(
        2,
        {
            "cell_type": "code",
            "execution_count": 2,
            "id": "inj",
            "metadata": {"tags": ["injected-parameters"]},
            "outputs": [],
            "source": 'quarter = "2022-23 Q4"\n',
        },
    )
    nb["cells"][3]["execution_count"] = 3
    nb["cells"][3]["metadata"] = {"execution": {"iopub.status.idle": "2026-01-01"}, "scrolled": True}
    nb["cells"][3]["outputs"] = [{"output_type": "display_data", "data": {"text/html": "<p>x</p>"}, "metadata": {}}]
    return nb


def test_clean_notebook_gives_back_the_committed_notebook():
    assert clean_notebook(executed(), committed()) == committed()


def test_clean_notebook_leaves_its_argument_alone():
    nb = executed()
    before = copy.deepcopy(nb)
    clean_notebook(nb, committed())
    assert nb == before


def test_clean_notebook_keeps_a_code_change():
    nb = executed()
    nb["cells"][3]["source"] = "report = make(quarter, wide=True)"
    cleaned = clean_notebook(nb, committed())
    assert cleaned["cells"][2]["source"] == "report = make(quarter, wide=True)"
    assert cleaned["cells"][2]["outputs"] == []


def test_clean_notebook_without_a_committed_version_keeps_parameters_and_cuts_metadata():
    cleaned = clean_notebook(executed())
    assert cleaned["cells"][1]["source"] == 'quarter = "2022-23 Q4"\nconfig = "data/council.yml"'
    assert set(cleaned["metadata"]) == {"jupytext", "kernelspec"}
    assert [c["id"] for c in cleaned["cells"]] == ["a1", "p1", "c1"]  # the injected cell is gone


def test_parameter_lines_and_restore():
    assert parameter_lines(COMMITTED_PARAMS) == {
        "quarter": 'quarter = "2023-24 Q3"',
        "config": 'config = "data/council.yml"',
    }
    typed = 'quarter="2024-25 Q1"\nconfig = "data/council.yml"\nextra = 3  # a new parameter\n# a comment'
    assert restore_parameters(typed, parameter_lines(COMMITTED_PARAMS)) == (
        'quarter = "2023-24 Q3"\nconfig = "data/council.yml"\nextra = 3  # a new parameter\n# a comment'
    )


def test_code_cells_leave_out_parameters_outputs_and_the_injected_cell():
    assert (
        code_cells(executed())
        == code_cells(committed())
        == [
            ("markdown", "# Title", ("remove-cell",)),
            ("code", "", ("parameters",)),
            ("code", "report = make(quarter)", ()),
        ]
    )


def test_notebook_digest_changes_only_with_code_prose_order_or_tags(tmp_path):
    path = tmp_path / "n.ipynb"

    def digest_of(nb: dict) -> str:
        path.write_text(json.dumps(nb), encoding="utf-8")
        return notebook_digest(path)

    base = digest_of(committed())
    assert digest_of(executed()) == base
    prose = committed()
    prose["cells"][0]["source"] = "# Another title"
    tagged = committed()
    tagged["cells"][2]["metadata"]["tags"] = ["remove-cell"]
    moved = committed()
    moved["cells"] = [moved["cells"][i] for i in (0, 2, 1)]
    digests = {digest_of(nb) for nb in (prose, tagged, moved)}
    assert base not in digests and len(digests) == 3


def test_notebook_digest_of_a_broken_file_is_its_bytes_hash(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(b"{not json")
    # SHA-256 of the 9 bytes "{not json", worked out with sha256sum
    import hashlib

    assert notebook_digest(path) == hashlib.sha256(b"{not json").hexdigest()
