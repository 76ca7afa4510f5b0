"""perflib verify: current until an input changes, then it names what changed."""

from __future__ import annotations

import re

import pytest
from workflow_story import Q, _cli

from perflib.inputs import layout as fmt
from perflib.workflow.cli import main


@pytest.mark.e2e
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
        assert "the report is STALE: its data changed" in out
        assert re.search(r"changed \(data\):\s+\S*raw/2023-24-Q2/beta\.xlsx", out)
        assert re.search(r"added \(data\):\s+\S*raw/2023-24-Q3/late_note\.xlsx", out)
        assert re.search(r"removed \(data\):\s+\S*raw/2023-24-Q3/narrative\.xlsx", out)
        assert 'perflib run --quarter "2023-24 Q3"' in out
        code, listing = _cli("list", "--config", cfg)
        states = {ln[:10]: ln.split()[-1] for ln in listing.splitlines()[1:] if ln[:2] == "20"}
        assert states == {
            "2022-23 Q3": "current",
            "2022-23 Q4": "all)",  # "none  (no returns at all)": the fixture has a gap there
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


# ----------------------------------------------------------------- what counts: data, code on disk, notebook cells
@pytest.fixture()
def project(fresh_fixture, tmp_path, monkeypatch):
    """A copy of perflib's code and notebooks as the project, and a report of the fixture made from them."""
    import shutil

    from perflib.core import paths
    from perflib.core.config import load_config
    from perflib.workflow.manifest import build_manifest, write_manifest
    from perflib.workflow.run_inputs import hash_code, hash_inputs

    root = tmp_path / "project"
    shutil.copytree(paths.PROJECT_ROOT / "perflib", root / "perflib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setattr(paths, "PROJECT_ROOT", root)
    monkeypatch.setattr(paths, "NOTEBOOKS", tuple(root / "notebooks" / p.name for p in paths.NOTEBOOKS))
    config = load_config(fresh_fixture)
    folder = config.output_quarter_dir(Q)
    folder.mkdir(parents=True)
    write_manifest(build_manifest(Q, config, {}, hash_inputs(config, Q), {}, code_files=hash_code()), folder)
    return root, config


def test_verify_sees_the_stylesheet_and_uncommitted_code_as_code(project, capsys):
    from perflib.workflow.verify import verify

    root, config = project
    assert verify(config, Q).current
    assert main(["verify", "--quarter", Q.label, "--config", str(config.source)]) == 0
    assert "files of perflib's code has changed" in capsys.readouterr().out
    css = root / "perflib" / "report" / "static" / "report.css"
    css.write_text(css.read_text(encoding="utf-8") + "h1 { color: red; }\n", encoding="utf-8")
    (root / "perflib" / "rules" / "new_rule.py").write_text("X = 1\n", encoding="utf-8")
    result = verify(config, Q)
    assert not result.current
    assert result.by_kind("code") == {
        "changed": ["perflib/report/static/report.css"],
        "added": ["perflib/rules/new_rule.py"],
        "removed": [],
    }
    assert result.by_kind("data") == {"changed": [], "added": [], "removed": []}
    assert main(["verify", "--quarter", Q.label, "--config", str(config.source)]) == 1
    out = capsys.readouterr().out
    assert "the report is STALE: its code changed" in out
    assert re.search(r"changed \(code\):\s+perflib/report/static/report\.css", out)
    assert re.search(r"added \(code\):\s+perflib/rules/new_rule\.py", out)


def test_a_notebook_saved_with_outputs_and_another_quarter_is_not_a_change(project):
    import json

    from perflib.workflow.verify import verify

    root, config = project
    path = root / "notebooks" / "02_appendix1.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = ['quarter = "2022-23 Q4"\n', 'config = "data/council.yml"']
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}]
            cell["execution_count"] = 7
    nb["metadata"]["language_info"] = {"name": "python"}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    assert verify(config, Q).current
    nb["cells"][-1]["source"] = ["display(report.summary())"]  # a change to a cell's code
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    result = verify(config, Q)
    assert result.by_kind("code")["changed"] == ["notebooks/02_appendix1.ipynb"]
