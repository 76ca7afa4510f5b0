"""The analyst's JupyterLab: notebooks that never dirty the repository, opened on a chosen quarter.

Two pieces, both used by ``make lab`` / ``perflib lab`` and by any Jupyter
server of the project's ``.venv`` (``make setup`` registers the hook in
``.venv/etc/jupyter/jupyter_server_config.json``, from
``scripts/jupyter/jupyter_server_config.json``):

* :func:`pre_save_hook` runs on every save, JupyterLab's autosave included.
  A notebook is written without its session state (outputs, execution counts,
  papermill's injected cell, the metadata JupyterLab and papermill add) and
  with the ``parameters`` cell's values as committed
  (:func:`perflib.core.notebooks.clean_notebook`); jupytext writes the paired
  ``py:percent`` file from the same notebook, and it is cleaned the same way.
  So after Run All and Save the files change only where the analyst changed a
  cell's code or prose. Only the project's paired notebooks
  (``notebooks/X.ipynb`` with ``notebooks/X.py``) are touched: a scratch
  notebook keeps its outputs.
* :func:`session_quarter` is what the notebooks' ``parameters`` cell calls:
  the quarter ``perflib lab --quarter`` opened JupyterLab with (the
  ``PERFLIB_QUARTER`` environment variable the kernels inherit), else the
  committed default. ``perflib run`` injects its own quarter after that cell,
  so a run never depends on it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from perflib.core import paths
from perflib.core.notebooks import clean_notebook
from perflib.core.quarters import Quarter, QuarterError

#: The environment variable ``perflib lab --quarter`` sets for JupyterLab and its kernels.
QUARTER_VARIABLE = "PERFLIB_QUARTER"
#: The jupytext format of the notebooks' paired scripts.
PAIRED_FORMAT = "py:percent"


def session_quarter(default: str) -> str:
    """The quarter to work on in JupyterLab: the one ``perflib lab --quarter`` set, else ``default``.

    Parameters
    ----------
    default : str
        The committed default of the ``parameters`` cell.

    Returns
    -------
    str
        A quarter label. A value of ``PERFLIB_QUARTER`` perflib cannot read
        is ignored with a printed note (``default`` is used).
    """
    chosen = os.environ.get(QUARTER_VARIABLE, "").strip()
    if not chosen:
        return default
    try:
        label = Quarter.parse(chosen).label
    except QuarterError as exc:
        print(f"{QUARTER_VARIABLE}={chosen!r} is not a quarter ({exc}); using {default}")
        return default
    print(f"Quarter {label} (set by perflib lab --quarter; perflib run injects its own)")
    return label


def show_in_full() -> None:
    """Show tables in full in this kernel: every row, and every cell's text without cutting it at 50 characters.

    The prepare notebook calls it, so each problem's message, what was found
    and what was expected read in full, as ``perflib validate`` prints them.
    """
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", None)


def _os_path(contents_manager: Any, path: str) -> Path:
    root = Path(getattr(contents_manager, "root_dir", "") or ".")
    return root / path.strip("/")


def _is_project_notebook(os_path: Path) -> bool:
    """True for ``notebooks/X.ipynb`` or ``notebooks/X.py`` of this project when both exist."""
    try:
        folder = os_path.resolve().parent
    except OSError:
        return False
    return (
        folder == paths.NOTEBOOKS_DIR.resolve()
        and os_path.suffix in (".ipynb", ".py")
        and os_path.with_suffix(".ipynb").is_file()
        and os_path.with_suffix(".py").is_file()
    )


def _committed_notebook(os_path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(os_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _clean_paired_script(text: str, os_path: Path) -> str:
    import jupytext
    import nbformat

    nb = jupytext.reads(text, fmt=PAIRED_FORMAT)
    committed = None
    if os_path.is_file():
        committed = dict(jupytext.read(os_path, fmt=PAIRED_FORMAT))
    cleaned = clean_notebook(dict(nb), committed)
    return str(jupytext.writes(nbformat.from_dict(cleaned), fmt=PAIRED_FORMAT))


def pre_save_hook(model: dict[str, Any], path: str, contents_manager: Any = None, **kwargs: Any) -> None:
    """Jupyter's pre-save hook: strip a notebook's session state before it is written.

    Changes ``model`` in place (as Jupyter expects). A notebook model
    (``.ipynb``) is cleaned against the file on disk; a text model of a
    jupytext-paired script (``X.py`` beside ``X.ipynb``, written by jupytext
    when the notebook is saved) is read, cleaned and written back as the
    same format. Anything else is left alone.

    Parameters
    ----------
    model : dict
        The contents model being saved.
    path : str
        Its path, relative to the server's root.
    contents_manager : ContentsManager, optional
        Gives the root folder.
    **kwargs
        Ignored (Jupyter may pass more in future).
    """
    os_path = _os_path(contents_manager, path)
    if not _is_project_notebook(os_path):
        return
    content = model.get("content")
    if model.get("type") == "notebook" and isinstance(content, dict):
        cleaned = clean_notebook(content, _committed_notebook(os_path))
        # In place: jupytext writes the paired script afterwards from the same list of cells.
        cells = content.get("cells")
        if isinstance(cells, list):
            cells[:] = cleaned["cells"]
            cleaned["cells"] = cells
        content.clear()
        content.update(cleaned)
    elif (
        model.get("type") == "file"
        and model.get("format") == "text"
        and os_path.suffix == ".py"
        and "jupytext:" in str(model.get("content", ""))[:400]
    ):
        model["content"] = _clean_paired_script(str(model["content"]), os_path)


def lab_command(quarter: Quarter | None, extra: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command and environment that open JupyterLab on the notebooks.

    Parameters
    ----------
    quarter : Quarter, optional
        The quarter the notebooks open with (:func:`session_quarter`).
    extra : list of str, optional
        More arguments for ``jupyter lab``.

    Returns
    -------
    (list of str, dict)
        ``jupyter lab --notebook-dir=notebooks ...`` (the ``jupyter`` beside
        this Python), and the environment with ``PERFLIB_QUARTER`` set.
    """
    jupyter = Path(sys.executable).with_name("jupyter")
    exe = str(jupyter) if jupyter.exists() else (shutil.which("jupyter") or "jupyter")
    env = dict(os.environ)
    if quarter is not None:
        env[QUARTER_VARIABLE] = quarter.label
    else:
        env.pop(QUARTER_VARIABLE, None)
    hook = f"--ContentsManager.pre_save_hook={__name__}.pre_save_hook"  # also when setup's config is missing
    return [exe, "lab", f"--notebook-dir={paths.NOTEBOOKS_DIR}", hook, *(extra or [])], env


__all__ = ["QUARTER_VARIABLE", "lab_command", "pre_save_hook", "session_quarter", "show_in_full"]
