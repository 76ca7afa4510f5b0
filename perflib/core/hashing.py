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
        64 hex digits; for a file that cannot be read, ``"unreadable (<reason>)"``
        (the loader reports that file as a located problem; a run of this or a
        later quarter still goes ahead, and the file counts as changed once it
        can be read).
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError as exc:
        return f"unreadable ({exc.strerror or type(exc).__name__})"
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
