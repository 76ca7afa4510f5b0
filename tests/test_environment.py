"""The project's set-up files agree with each other, and the notebooks follow the house rules."""

import ast
import re
import tomllib

import jupytext
import nbformat
import pytest
import yaml

from perflib.core.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_requirements() -> set[str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        reqs += extra
    return {r.replace(" ", "") for r in reqs}


def _environment_requirements() -> set[str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    return {r.replace(" ", "") for r in pip}


def test_environment_yml_matches_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_python_matches_pyproject():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert "3.11" in data["project"]["requires-python"]


def test_lock_file_pins_every_dependency_with_hashes():
    lock = (PROJECT_ROOT / "requirements.lock").read_text()
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==\S+", lock, re.M)}
    for req in _pyproject_requirements():
        assert _name(req) in pinned, f"{req} is not pinned in requirements.lock"
    assert "--hash=sha256:" in lock


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_paired_and_in_sync(path):
    script = path.with_suffix(".py")
    assert script.exists(), f"{path.name} has no paired py:percent script"
    from_py = jupytext.read(script)
    from_nb = jupytext.read(path)
    assert [c.source for c in from_py.cells] == [c.source for c in from_nb.cells]
    assert from_nb.metadata["kernelspec"]["name"] == "perflib"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{path.name}: define functions and classes in perflib, not in the notebook"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_of_literals(path):
    nb = nbformat.read(str(path), as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    tree = ast.parse(params[0].source)
    names = []
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), "parameters must be literals"
        names.append(node.targets[0].id)
    assert names == ["quarter", "config"]


def test_ci_runs_make_test():
    run = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in run


def test_processed_and_outputs_are_not_committed():
    ignore = (PROJECT_ROOT / ".gitignore").read_text()
    assert "data/processed/*" in ignore and "outputs/*" in ignore
