"""Every file a run of a quarter reads, and their SHA-256.

* the council configuration and the methodology file,
* the catalogue CSVs,
* every file in the returns folder of every quarter up to the report quarter
  (returns and narrative; history feeds the trends),
* the comparator sources, when the council file has a ``benchmarking``
  block: every mapping YAML and the files it names
  (:func:`perflib.inputs.comparators.source_files`), and
* the two notebooks.
"""

from __future__ import annotations

from pathlib import Path

from perflib.core import paths
from perflib.core.config import CouncilConfig
from perflib.core.hashing import file_key, sha256_file
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
    return dict(sorted((file_key(p), sha256_file(p)) for p in input_files(config, quarter)))
