"""Check the notebooks: thin (no def or class), and each .ipynb in step with its py:percent pair.

Run by ``make lint`` and the pre-commit hook. Exit code 1 with one line per
problem, naming the notebook and the cell.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import jupytext

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _cells(nb: dict) -> list[tuple[str, str]]:
    return [(c["cell_type"], c["source"].strip()) for c in nb["cells"]]


def check(folder: Path = NOTEBOOKS) -> list[str]:
    """Every problem with the notebooks in ``folder``, one line each."""
    problems = []
    for script in sorted(folder.glob("*.py")):
        nb = jupytext.read(script)
        for n, (kind, source) in enumerate(_cells(nb), start=1):
            if kind != "code":
                continue
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    problems.append(f"{script.name}: cell {n} defines {node.name!r}; logic belongs in perflib/")
        paired = script.with_suffix(".ipynb")
        if paired.exists():
            other = jupytext.read(paired)
            if _cells(other) != _cells(nb):
                problems.append(f"{paired.name}: not in step with {script.name}; run jupytext --sync {script}")
            for n, cell in enumerate(other["cells"], start=1):
                if cell.get("outputs") or cell.get("execution_count"):
                    problems.append(f"{paired.name}: cell {n} has saved outputs; clear them before committing")
    return problems


if __name__ == "__main__":
    found = check()
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
