"""Reuse a quarter's processed data when nothing it was made from has changed.

The prepare step (``notebooks/01_prepare``) reads every return up to the
quarter, checks and rates them, and writes ``data/processed/<quarter>/``. When
an analyst reruns a quarter only to change the report notebook or the
narrative styling, none of that changes, so ``perflib run`` reuses the
processed data instead of executing the prepare notebook again.

The processed data is reused only when its **key** matches. The key is the
SHA-256 of:

* the SHA-256 of every input file the prepare step reads: the council file,
  the methodology file, the catalogue CSVs, every file in the returns folder of
  every quarter up to the report quarter, the comparator (benchmarking) files,
  and the prepare notebook's code and prose (not its outputs, metadata or
  parameter values: :func:`perflib.workflow.run_inputs.digest`);
* the source of every ``perflib`` module as it was when this process imported
  perflib (a change to the rules is a change; and a JupyterLab kernel that
  has not been restarted since the code was edited records the code it is
  actually running, so its processed data is not taken for current);
* the versions of Python, pandas, numpy and pyarrow.

:func:`prepare` (what the prepare notebook calls) works the key out *before*
reading, so a file edited mid-run can only make the key stale, never wrongly
current, and writes it into ``meta.json`` beside the parquet files. A missing
parquet file, an unreadable ``meta.json`` or any difference in the key means
the prepare notebook runs as before. ``perflib run --rebuild`` always runs it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
from pathlib import Path

from perflib.build.prepared import META_NAME, PROCESSED_FILES, Loader, Prepared, prepare_quarter, write_prepared
from perflib.core import paths
from perflib.core.config import CouncilConfig, load_config
from perflib.core.hashing import file_key
from perflib.core.quarters import Quarter
from perflib.workflow.run_inputs import digest as file_digest
from perflib.workflow.run_inputs import input_files

_LIBRARIES = ("pandas", "numpy", "pyarrow")


def _code_files() -> list[Path]:
    package = paths.PROJECT_ROOT / "perflib"
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def _hash_code() -> str:
    digest = hashlib.sha256()
    root = paths.PROJECT_ROOT
    for path in _code_files():
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: perflib's source as this process imported it (see the module docstring).
CODE_AT_IMPORT = _hash_code()


def _code_digest() -> str:
    """SHA-256 of perflib's source as this process imported it."""
    return CODE_AT_IMPORT


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def key_files(config: CouncilConfig, quarter: Quarter) -> list[Path]:
    """Every file whose bytes are part of the processed-data key for ``quarter``.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter

    Returns
    -------
    list of Path
        The prepare step's input files (see the module docstring); sorted,
        without duplicates. perflib's own source is keyed separately.
    """
    later = {p.resolve() for p in paths.NOTEBOOKS if p != paths.PREPARE_NOTEBOOK}  # the report notebook
    return [p for p in input_files(config, quarter) if p not in later]


def processed_key(config: CouncilConfig, quarter: Quarter, hashes: dict[str, str] | None = None) -> str:
    """The key of the processed data ``quarter`` would be built from now.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    hashes : dict, optional
        Already-known SHA-256 of input files, keyed like
        :func:`perflib.core.hashing.file_key` (a run has just hashed its inputs
        for the manifest; they are not read twice).

    Returns
    -------
    str
        Hex SHA-256.
    """
    hashes = hashes or {}
    digest = hashlib.sha256()
    digest.update(f"quarter={quarter.label}\n".encode())
    digest.update(f"python={platform.python_version()}\n".encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)}\n".encode())
    digest.update(f"perflib-code={_code_digest()}\n".encode())
    for path in key_files(config, quarter):
        key = file_key(path)
        digest.update(f"{key}={hashes.get(key) or file_digest(path)}\n".encode())
    return digest.hexdigest()


def stored_key(folder: Path) -> str | None:
    """The key recorded in ``folder/meta.json``, or None when there is none or it cannot be read."""
    try:
        meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    key = meta.get("inputs_key") if isinstance(meta, dict) else None
    return key if isinstance(key, str) else None


def is_current(
    config: CouncilConfig,
    quarter: Quarter,
    files: tuple[str, ...] = PROCESSED_FILES,
    hashes: dict[str, str] | None = None,
) -> bool:
    """Whether the processed data of ``quarter`` can be reused as it is.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    files : tuple of str
        Names of the parquet files that must all be there (without ``.parquet``).
    hashes : dict, optional
        Already-known input hashes (see :func:`processed_key`).

    Returns
    -------
    bool
        True only when every file is there and the stored key equals the key
        the inputs and code give now.
    """
    folder = config.processed_quarter_dir(quarter)
    if not all((folder / f"{name}.parquet").is_file() for name in files):
        return False
    stored = stored_key(folder)
    return stored is not None and stored == processed_key(config, quarter, hashes)


def prepare(
    quarter: str | Quarter, config: CouncilConfig | str | Path | None = None, loader: Loader | None = None
) -> Prepared:
    """Make a quarter's processed data and store it with its key (what the prepare notebook runs).

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter.
    config : CouncilConfig or path, optional
        The council configuration (default ``data/council.yml``).
    loader : callable, optional
        Reads one quarter's returns (see :func:`perflib.build.prepared.prepare_quarter`).

    Returns
    -------
    Prepared
    """
    quarter = Quarter.parse(quarter)
    if not isinstance(config, CouncilConfig):
        config = load_config(config) if config is not None else load_config()
    inputs_key = processed_key(config, quarter)  # before reading: see the module docstring
    prepared = prepare_quarter(quarter, config, loader=loader)
    meta = {
        "quarter": quarter.label,
        "config": str(config.source),
        "files": list(PROCESSED_FILES),
        "inputs_key": inputs_key,
    }
    write_prepared(prepared, config.processed_quarter_dir(quarter), meta)
    return prepared


__all__ = ["processed_key", "stored_key", "is_current", "key_files", "prepare", "META_NAME"]
