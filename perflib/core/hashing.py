"""SHA-256 of files, as recorded in manifests and processed-data keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

from perflib.core.paths import display_path

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
    """How a file is named in a manifest: relative to the project root when inside it.

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
    return display_path(path)
