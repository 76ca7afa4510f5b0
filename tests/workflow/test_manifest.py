"""manifest.json: parameters, code, versions and every input's SHA-256."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import fixture_data
import pytest
from workflow_story import Q

from perflib.build.prepared import PROCESSED_FILES
from perflib.core.config import load_config
from perflib.core.hashing import file_key, sha256_file
from perflib.core.notebooks import notebook_digest
from perflib.core.paths import PROJECT_ROOT
from perflib.workflow import manifest as mf

pytestmark = pytest.mark.e2e


# ----------------------------------------------------------------- 3. provenance
def test_manifest_records_parameters_code_versions_and_every_input(story):
    config = story["config"]
    data = json.loads((story["final"] / "manifest.json").read_text())
    assert data["quarter"] == "2023-24 Q3"
    assert data["parameters"]["notebook_parameters"] == {
        "quarter": "2023-24 Q3",
        "config": str(story["config_path"].resolve()),
    }
    assert data["parameters"]["kernel"] == "perflib"
    git = data["code"]["git"]
    assert git["available"] is True and re.fullmatch(r"[0-9a-f]{40}", git["commit"])
    assert isinstance(git["dirty"], bool)
    assert data["code"]["perflib"]
    assert data["python"]["version"] == ".".join(map(str, sys.version_info[:3]))
    for lib in (
        "pandas",
        "numpy",
        "papermill",
        "nbconvert",
        "nbclient",
        "weasyprint",
        "matplotlib",
        "seaborn",
        "openpyxl",
        "pyarrow",
        "pandera",
        "jinja2",
    ):
        assert data["dependencies"][lib], lib
    root = story["root"]
    expected = {
        root / "council.yml",
        PROJECT_ROOT / "data" / "methodology.yml",
        PROJECT_ROOT / "notebooks" / "01_prepare.ipynb",
        PROJECT_ROOT / "notebooks" / "02_appendix1.ipynb",
    }
    expected |= set((root / "catalogue").glob("*.csv"))
    expected |= {p for p in (root / "raw").rglob("*") if p.is_file()}
    assert set(data["inputs"]) == {file_key(p) for p in expected}
    for key, digest in data["inputs"].items():
        path = Path(key) if key.startswith("/") else PROJECT_ROOT / key
        # a notebook is hashed on its cells' code, prose and tags (run_inputs.digest); every other file as bytes
        assert (notebook_digest(path) if path.suffix == ".ipynb" else sha256_file(path)) == digest, key
    # perflib's own code as it was on disk: every module, template and the stylesheet
    code = data["code_files"]
    assert {"perflib/report/static/report.css", "perflib/workflow/run.py"} <= set(code)
    assert "perflib/export/templates/appendix/index.html.j2" in code
    assert not [k for k in code if "__pycache__" in k]
    assert code["perflib/report/static/report.css"] == sha256_file(PROJECT_ROOT / "perflib/report/static/report.css")
    assert set(data["outputs"]) == {
        "appendix1.html",
        "appendix1.ipynb",
        "appendix1.pdf",
        "scorecard.csv",
        "scorecard.xlsx",
        "data_quality.csv",
    }
    assert sorted(Path(k).stem for k in data["processed"]) == sorted(PROCESSED_FILES)
    assert data["run"]["started_utc"]
    assert config.output_quarter_dir(Q) == story["final"]


def test_git_unavailable_or_not_a_repo_is_said_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert mf.git_info(tmp_path) == {"available": False, "reason": "not a git repository"}
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the path
    assert mf.git_info() == {"available": False, "reason": "git is not installed"}
    manifest = mf.build_manifest(Q, load_config(fixture_data.build(tmp_path / "c")), {}, {}, {})
    assert manifest["code"]["git"]["available"] is False


def test_a_new_returns_folder_is_data_not_uncommitted_code(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    repo = tmp_path / "repo"
    (repo / "perflib").mkdir(parents=True)
    (repo / "perflib" / "rules.py").write_text("X = 1\n")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True, capture_output=True
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    (repo / "data" / "raw" / "2024-25-Q1").mkdir(parents=True)
    (repo / "data" / "raw" / "2024-25-Q1" / "place.xlsx").write_bytes(b"PK")
    info = mf.git_info(repo)
    assert (info["dirty"], info["data_changed"]) == (False, True)
    (repo / "perflib" / "rules.py").write_text("X = 2\n")
    info = mf.git_info(repo)
    assert (info["dirty"], info["data_changed"]) == (True, True)
    assert sorted(info["changed"]) == ["data/", "perflib/rules.py"]
