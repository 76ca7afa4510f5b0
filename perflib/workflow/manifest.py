"""Provenance of a report: ``outputs/<quarter>/manifest.json``, and checking it later.

Every successful run writes a manifest beside the report saying exactly how it
was made: the quarter and every parameter the notebooks were given, the git
commit of the code and whether the working tree had uncommitted changes, the
versions of perflib, Python and the main libraries, and the SHA-256 of every
input file the run read:

* the council configuration and the methodology file,
* the catalogue CSVs,
* every file in the returns folder of every quarter up to the report quarter
  (returns and narrative; history feeds the trends),
* the comparator sources (mapping YAML files and the files they name), when
  the council file has a ``benchmarking`` block, and
* the two notebooks (their code and prose, not outputs or parameter values),

and, apart, every file of perflib's code as it was on disk (``code_files``:
modules, templates, the stylesheet), committed or not.

``perflib verify --quarter Q`` (:mod:`perflib.workflow.verify`) hashes the
inputs again and says whether the report is still current, or which input
files changed, were added or were removed since. Which files are inputs is
:mod:`perflib.workflow.run_inputs`.

The manifest is the only output that records a wall-clock time (when the run
started and how long each step took); every other output of a run is
byte-for-byte reproducible from the same inputs and code.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import perflib
from perflib.core import paths
from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: Libraries whose versions are recorded (importlib.metadata distribution names).
DEPENDENCIES = (
    "pandas",
    "numpy",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "weasyprint",
    "pydyf",
    "matplotlib",
    "seaborn",
    "openpyxl",
    "pyarrow",
    "pandera",
    "jinja2",
    "pyyaml",
)


#: Folders whose changes are data or outputs, not code (see :func:`git_info`).
_NOT_CODE = ("data/", "outputs/")


def git_info(cwd: Path = paths.PROJECT_ROOT) -> dict[str, Any]:
    """The git commit of the code and whether the working tree is dirty.

    Never raises: when git is not installed, or ``cwd`` is not inside a git
    repository, the answer says so.

    Parameters
    ----------
    cwd : Path
        A folder inside the repository (the project root).

    Returns
    -------
    dict
        ``{"available": True, "commit": "<sha>", "dirty": bool, "changed": [paths], "data_changed": bool}``
        or ``{"available": False, "reason": "..."}``. ``dirty`` is about code
        only: files changed or untracked outside ``data/`` and ``outputs/``
        (a new returns folder is data, not code); ``data_changed`` says
        whether anything under ``data/`` is changed or untracked.
    """

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=str(cwd), capture_output=True, text=True, timeout=30, check=False)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            inside = git("rev-parse", "--is-inside-work-tree")
            reason = "no commits yet" if inside.returncode == 0 else "not a git repository"
            return {"available": False, "reason": reason}
        status = git("status", "--porcelain")
    except FileNotFoundError:
        return {"available": False, "reason": "git is not installed"}
    except (OSError, subprocess.SubprocessError) as exc:
        return {"available": False, "reason": f"git could not be run ({type(exc).__name__})"}
    if status.returncode != 0:
        return {"available": False, "reason": "git status failed: " + (status.stderr.strip().splitlines() or [""])[0]}
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    data = [c for c in changed if c.strip('"').startswith(_NOT_CODE)]
    return {
        "available": True,
        "commit": head.stdout.strip(),
        "dirty": len(data) < len(changed),
        "changed": changed[:200],
        "data_changed": bool(data),
    }


def versions() -> dict[str, str | None]:
    """Installed versions of the main libraries (None when one is not installed).

    Returns
    -------
    dict
        Distribution name -> version.
    """
    out: dict[str, str | None] = {}
    for name in DEPENDENCIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def build_manifest(
    quarter: Quarter,
    config: CouncilConfig,
    parameters: dict[str, Any],
    inputs: dict[str, str],
    outputs: dict[str, str],
    *,
    processed: dict[str, str] | None = None,
    code_files: dict[str, str] | None = None,
    started: dt.datetime | None = None,
    seconds: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The manifest of a run, as a JSON-ready dict.

    Parameters
    ----------
    quarter : Quarter
        The report quarter.
    config : CouncilConfig
        The council configuration used.
    parameters : dict
        Every parameter of the run (those given to the notebooks and the kernel).
    inputs : dict
        :func:`hash_inputs` taken when the run started.
    outputs : dict
        Output file name -> SHA-256.
    processed : dict, optional
        The processed parquet files the run wrote (:func:`file_key` -> SHA-256).
    code_files : dict, optional
        perflib's code files as they were on disk when the run started
        (:func:`perflib.workflow.run_inputs.hash_code`), committed or not.
    started : datetime, optional
        When the run started (UTC). Only the manifest records it.
    seconds : dict, optional
        Time taken by each step.

    Returns
    -------
    dict
    """
    try:
        installed = importlib.metadata.version("perflib")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "quarter": quarter.label,
        "council": config.council_name,
        "parameters": parameters,
        "code": {
            "perflib": perflib.__version__,
            "perflib_installed": installed,
            "git": git_info(),
        },
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
            "platform": platform.platform(),
        },
        "dependencies": versions(),
        "inputs": inputs,
        "outputs": dict(sorted(outputs.items())),
        "processed": dict(sorted((processed or {}).items())),
        "code_files": dict(sorted((code_files or {}).items())),
    }
    if started is not None or seconds:
        manifest["run"] = {
            "started_utc": started.astimezone(dt.UTC).isoformat(timespec="seconds") if started else None,
            "seconds": {k: round(v, 2) for k, v in (seconds or {}).items()},
        }
    return manifest


def write_manifest(manifest: dict[str, Any], folder: Path) -> Path:
    """Write ``manifest.json`` into ``folder``.

    Parameters
    ----------
    manifest : dict
        From :func:`build_manifest`.
    folder : Path
        The run's output folder.

    Returns
    -------
    Path
        The file written.
    """
    target = folder / MANIFEST_NAME
    target.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest in ``folder``, or None when there is none or it cannot be read.

    Parameters
    ----------
    folder : Path
        ``outputs/<quarter>/``.

    Returns
    -------
    dict or None
    """
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("inputs"), dict) else None


__all__ = ["MANIFEST_NAME", "build_manifest", "git_info", "read_manifest", "versions", "write_manifest"]
