"""Every file a run of a quarter reads, and their SHA-256.

* the council configuration and the methodology file,
* the catalogue CSVs,
* every file in the returns folder of every quarter up to the report quarter
  (returns and narrative; history feeds the trends),
* the comparator sources, when the council file has a ``benchmarking``
  block: every mapping YAML and the files it names
  (:func:`perflib.inputs.comparators.source_files`), and
* the two notebooks (their code and prose only: :func:`digest`).

and every file of perflib's own code as it is on disk (:func:`code_files`),
recorded apart, so that ``perflib verify`` can say whether data or code
changed.
"""

from __future__ import annotations

from pathlib import Path

from perflib.core import paths
from perflib.core.config import CouncilConfig
from perflib.core.hashing import file_key, sha256_file
from perflib.core.notebooks import notebook_digest
from perflib.core.quarters import Quarter
from perflib.inputs.comparators import source_files
from perflib.inputs.returns import available_quarters


def returns_files(folder: Path) -> list[Path]:
    """Every file in a quarter's returns folder, except hidden files and Excel lock files.

    Parameters
    ----------
    folder : Path

    Returns
    -------
    list of Path
        Sorted; empty when the folder does not exist.
    """
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
        comparator mappings and files, and the notebooks; sorted, without duplicates.
    """
    found = {config.source.resolve(), config.methodology.source.resolve()}
    if config.catalogue_dir.is_dir():
        found |= {p.resolve() for p in config.catalogue_dir.glob("*.csv") if p.is_file()}
    for q in available_quarters(config):
        if q <= quarter:
            found |= {p.resolve() for p in returns_files(config.raw_quarter_dir(q))}
    found |= set(source_files(config))
    found |= {p.resolve() for p in paths.NOTEBOOKS}
    return sorted(p for p in found if p.is_file())


def digest(path: Path) -> str:
    """The SHA-256 recorded for an input or code file.

    A notebook (``.ipynb``) is hashed on what shapes a run: its cells' code,
    prose and tags, not outputs, metadata or the parameters cell's values
    (:func:`perflib.core.notebooks.notebook_digest`); saving it from JupyterLab
    after Run All changes nothing. Every other file is hashed as bytes.

    Parameters
    ----------
    path : Path

    Returns
    -------
    str
        64 hex digits.
    """
    return notebook_digest(path) if path.suffix == ".ipynb" else sha256_file(path)


#: Files of the perflib package that are not code (bytecode caches).
_NOT_CODE = ("__pycache__",)


def code_files() -> list[Path]:
    """Every file of perflib's own code as it is on disk, committed or not.

    The Python modules, the report's section templates and stylesheet, and the
    nbconvert export template: everything under ``perflib/`` except bytecode
    caches. Whatever shapes the outputs and is not data is here or in the
    notebooks.

    Returns
    -------
    list of Path
        Sorted.
    """
    package = paths.PROJECT_ROOT / "perflib"
    return sorted(
        p
        for p in package.rglob("*")
        if p.is_file() and not any(part in _NOT_CODE for part in p.parts) and p.suffix != ".pyc"
    )


def hash_code() -> dict[str, str]:
    """SHA-256 of every file of :func:`code_files`, keyed like :func:`perflib.core.hashing.file_key`.

    Returns
    -------
    dict
        ``{"perflib/rules/status.py": "<sha256>", ...}``, sorted by key.
    """
    return dict(sorted((file_key(p), sha256_file(p)) for p in code_files()))


def kind(key: str) -> str:
    """Whether a manifest key names ``"code"`` (perflib, the notebooks) or ``"data"`` (everything else).

    Parameters
    ----------
    key : str
        A :func:`perflib.core.hashing.file_key`.

    Returns
    -------
    str
        ``"code"`` or ``"data"``.
    """
    return "code" if key.startswith(("perflib/", "notebooks/")) else "data"


def hash_inputs(config: CouncilConfig, quarter: Quarter) -> dict[str, str]:
    """SHA-256 of every input of a run, keyed by :func:`perflib.core.hashing.file_key`.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter

    Returns
    -------
    dict
        ``{"data/raw/2023-24-Q3/place.xlsx": "<sha256>", ...}``, sorted by key.
    """
    return dict(sorted((file_key(p), digest(p)) for p in input_files(config, quarter)))
