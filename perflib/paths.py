"""Where things live: every path is anchored on the project root.

Nothing in perflib uses the current working directory. The project root is the
folder that holds ``pyproject.toml`` and the ``perflib`` package; the notebooks,
the command line and the tests all resolve paths through this module.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``).
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent

NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
DATA_DIR: Path = PROJECT_ROOT / "data"
DEFAULT_CONFIG: Path = DATA_DIR / "council.yml"
METHODOLOGY_CONFIG: Path = DATA_DIR / "methodology.yml"
TEMPLATES_DIR: Path = Path(__file__).resolve().parent / "templates"
STATIC_DIR: Path = Path(__file__).resolve().parent / "static"


def resolve(path: str | Path, base: Path = PROJECT_ROOT) -> Path:
    """Return ``path`` as an absolute path, relative ones taken from ``base``.

    Parameters
    ----------
    path : str or Path
        An absolute path, or one relative to the project root.
    base : Path, optional
        The folder relative paths are resolved against (the project root).

    Returns
    -------
    Path
        The absolute, normalised path.
    """
    p = Path(path).expanduser()
    return (p if p.is_absolute() else base / p).resolve()
