"""Where things live: every path is anchored on the project root.

Nothing in perflib uses the current working directory. The project root is the
folder that holds ``pyproject.toml`` and the ``perflib`` package; the notebooks,
the command line and the tests all resolve paths through this module.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE: Path = Path(__file__).resolve().parent.parent

#: The repository root (the folder holding ``pyproject.toml``).
PROJECT_ROOT: Path = _PACKAGE.parent

NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
DATA_DIR: Path = PROJECT_ROOT / "data"
DEFAULT_CONFIG: Path = DATA_DIR / "council.yml"
METHODOLOGY_CONFIG: Path = DATA_DIR / "methodology.yml"
#: The indicator catalogue's folder, and its glossary of abbreviations (``abbreviation,expansion``).
CATALOGUE_DIR: Path = DATA_DIR / "catalogue"
GLOSSARY: Path = CATALOGUE_DIR / "glossary.csv"

#: Jinja2 templates of the report's sections, and the report's stylesheet.
REPORT_TEMPLATES_DIR: Path = _PACKAGE / "report" / "templates"
STYLESHEET: Path = _PACKAGE / "report" / "static" / "report.css"
#: The nbconvert template of the exported page (``appendix``).
EXPORT_TEMPLATES_DIR: Path = _PACKAGE / "export" / "templates"

#: The notebooks a run executes, in order: the prepare step, then the report.
PREPARE_NOTEBOOK: Path = NOTEBOOKS_DIR / "01_prepare.ipynb"
REPORT_NOTEBOOK: Path = NOTEBOOKS_DIR / "02_appendix1.ipynb"
NOTEBOOKS: tuple[Path, ...] = (PREPARE_NOTEBOOK, REPORT_NOTEBOOK)


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


def display_path(path: str | Path) -> str:
    """A path as people should read it: relative to the project root when inside it.

    Parameters
    ----------
    path : str or Path
        An absolute path, or one relative to the project root (as :func:`resolve`
        takes it: never the working directory).

    Returns
    -------
    str
        A POSIX path relative to the project root (``data/raw/2023-24-Q3/place.xlsx``),
        or the absolute path of a file outside it (a council kept elsewhere);
        bytes of a name that are not UTF-8 are shown as U+FFFD.
    """
    p = resolve(path)
    try:
        text = p.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        text = p.as_posix()
    # A name that is not valid UTF-8 (bytes kept as surrogates) is shown with U+FFFD, so it can be printed and saved.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
