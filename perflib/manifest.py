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
* the comparator (benchmarking) CSV files, when the council file has a
  ``benchmarking`` block, and
* the two notebooks.

``perflib verify --quarter Q`` (:func:`verify`) hashes the inputs again and
says whether the report is still current, or which input files changed, were
added or were removed since. ``perflib list`` uses :func:`report_state` to show
each quarter as ``none``, ``current``, ``stale`` or ``failed``.

The manifest is the only output that records a wall-clock time (when the run
started and how long each step took); every other output of a run is
byte-for-byte reproducible from the same inputs and code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import perflib
from perflib import paths
from perflib.config import CouncilConfig
from perflib.quarters import Quarter

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: The notebooks a run executes, in order (their SHA-256 is recorded as an input).
NOTEBOOK_FILES = ("01_prepare.ipynb", "02_appendix1.ipynb")
#: Libraries whose versions are recorded (importlib.metadata distribution names).
DEPENDENCIES = ("pandas", "numpy", "papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "weasyprint",
                "pydyf", "matplotlib", "seaborn", "openpyxl", "pyarrow", "pandera", "jinja2", "pyyaml")
#: What :func:`report_state` can say about a quarter's outputs.
STATES = ("none", "current", "stale", "failed")

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        64 hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_key(path: Path) -> str:
    """How a file is named in the manifest: relative to the project root when inside it.

    Parameters
    ----------
    path : Path
        An input or output file.

    Returns
    -------
    str
        A POSIX path, e.g. ``data/raw/2023-24-Q3/place.xlsx``; absolute for
        files outside the project (a council kept elsewhere).
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(paths.PROJECT_ROOT).as_posix()
    except ValueError:
        return p.as_posix()


def methodology_path(config: CouncilConfig) -> Path:
    """The methodology file ``config`` was read with (``methodology:`` in the council file, or the default).

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    Path
    """
    try:
        data = yaml.safe_load(config.source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    chosen = data.get("methodology") if isinstance(data, dict) else None
    return paths.resolve(chosen or paths.METHODOLOGY_CONFIG)


def _returns_files(folder: Path) -> list[Path]:
    """Every file in a quarter's returns folder, except hidden files and Excel lock files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def input_files(config: CouncilConfig, quarter: Quarter) -> list[Path]:
    """Every input file a run of ``quarter`` reads.

    Parameters
    ----------
    config : CouncilConfig
        The council configuration the run uses.
    quarter : Quarter
        The report quarter.

    Returns
    -------
    list of Path
        The council file, the methodology file, the catalogue CSVs, every file
        in the returns folder of every quarter up to ``quarter``, the
        comparator CSVs, and the notebooks; sorted, without duplicates.
    """
    from perflib.returns import available_quarters

    found = {config.source.resolve(), methodology_path(config)}
    if config.catalogue_dir.is_dir():
        found |= {p.resolve() for p in config.catalogue_dir.glob("*.csv") if p.is_file()}
    for q in available_quarters(config):
        if q <= quarter:
            found |= {p.resolve() for p in _returns_files(config.raw_quarter_dir(q))}
    if config.benchmarking is not None and config.benchmarking.folder.is_dir():
        found |= {p.resolve() for p in config.benchmarking.folder.glob("*.csv") if p.is_file()}
    found |= {(paths.NOTEBOOKS_DIR / name).resolve() for name in NOTEBOOK_FILES}
    return sorted(p for p in found if p.is_file())


def hash_inputs(config: CouncilConfig, quarter: Quarter) -> dict[str, str]:
    """SHA-256 of every input of a run, keyed by :func:`file_key`.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter

    Returns
    -------
    dict
        ``{"data/raw/2023-24-Q3/place.xlsx": "<sha256>", ...}``, sorted by key.
    """
    return dict(sorted((file_key(p), sha256_file(p)) for p in input_files(config, quarter)))


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
        ``{"available": True, "commit": "<sha>", "dirty": bool, "changed": [paths]}``
        or ``{"available": False, "reason": "..."}``.
    """
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=str(cwd), capture_output=True, text=True, timeout=30,
                              check=False)

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            inside = git("rev-parse", "--is-inside-work-tree")
            reason = ("no commits yet" if inside.returncode == 0 else "not a git repository")
            return {"available": False, "reason": reason}
        status = git("status", "--porcelain")
    except FileNotFoundError:
        return {"available": False, "reason": "git is not installed"}
    except (OSError, subprocess.SubprocessError) as exc:
        return {"available": False, "reason": f"git could not be run ({type(exc).__name__})"}
    if status.returncode != 0:
        return {"available": False, "reason": "git status failed: " + (status.stderr.strip().splitlines() or [""])[0]}
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    return {"available": True, "commit": head.stdout.strip(), "dirty": bool(changed), "changed": changed[:200]}


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


def build_manifest(quarter: Quarter, config: CouncilConfig, parameters: dict[str, Any], inputs: dict[str, str],
                   outputs: dict[str, str], *, processed: dict[str, str] | None = None,
                   started: dt.datetime | None = None,
                   seconds: dict[str, float] | None = None) -> dict[str, Any]:
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
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": sys.executable, "platform": platform.platform()},
        "dependencies": versions(),
        "inputs": inputs,
        "outputs": dict(sorted(outputs.items())),
        "processed": dict(sorted((processed or {}).items())),
    }
    if started is not None or seconds:
        manifest["run"] = {
            "started_utc": started.astimezone(dt.timezone.utc).isoformat(timespec="seconds") if started else None,
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


@dataclass
class Verification:
    """Whether a quarter's report still matches its inputs.

    Attributes
    ----------
    quarter : Quarter
    status : str
        ``"current"``, ``"stale"`` (inputs or outputs changed since the run) or
        ``"missing"`` (no manifest: never run, or run by an older perflib).
    changed, added, removed : list of str
        Input files (manifest keys) changed, added or removed since the run.
    outputs_changed : list of str
        Output files that no longer match what the run wrote.
    manifest : dict or None
        The manifest read.
    """

    quarter: Quarter
    status: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    outputs_changed: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    @property
    def current(self) -> bool:
        """True when the report is up to date with its inputs."""
        return self.status == "current"


def verify(config: CouncilConfig, quarter: Quarter, *, cache: dict[Path, str] | None = None) -> Verification:
    """Hash the inputs again and compare them with the report's manifest.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    cache : dict, optional
        Path -> SHA-256 already computed (``perflib list`` checks many
        quarters that share their history files).

    Returns
    -------
    Verification
    """
    folder = config.output_quarter_dir(quarter)
    manifest = read_manifest(folder)
    if manifest is None:
        return Verification(quarter, "missing")
    now: dict[str, str] = {}
    for p in input_files(config, quarter):
        if cache is not None and p in cache:
            now[file_key(p)] = cache[p]
            continue
        digest = sha256_file(p)
        if cache is not None:
            cache[p] = digest
        now[file_key(p)] = digest
    then: dict[str, str] = manifest["inputs"]
    changed = sorted(k for k in now.keys() & then.keys() if now[k] != then[k])
    added = sorted(now.keys() - then.keys())
    removed = sorted(then.keys() - now.keys())
    outputs_changed = []
    for name, digest in sorted((manifest.get("outputs") or {}).items()):
        p = folder / name
        if not p.is_file() or sha256_file(p) != digest:
            outputs_changed.append(name)
    stale = bool(changed or added or removed or outputs_changed)
    return Verification(quarter, "stale" if stale else "current", changed, added, removed, outputs_changed,
                        manifest)


def report_state(config: CouncilConfig, quarter: Quarter, *, cache: dict[Path, str] | None = None) -> str:
    """The state of a quarter's outputs, one word for ``perflib list``.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    cache : dict, optional
        Shared hashes, see :func:`verify`.

    Returns
    -------
    str
        ``"failed"`` when the last run failed (``outputs/<quarter>/failed/``
        exists; any previous report is kept), ``"none"`` when there is no
        report, ``"current"`` when the report matches its inputs, and
        ``"stale"`` when inputs changed since, or the report has no manifest.
    """
    folder = config.output_quarter_dir(quarter)
    if (folder / "failed").is_dir():
        return "failed"
    if not (folder / "appendix1.html").is_file() and not (folder / MANIFEST_NAME).is_file():
        return "none"
    return "current" if verify(config, quarter, cache=cache).current else "stale"


__all__ = ["MANIFEST_NAME", "Verification", "build_manifest", "file_key", "git_info", "hash_inputs",
           "input_files", "read_manifest", "report_state", "sha256_file", "verify", "versions",
           "write_manifest"]
