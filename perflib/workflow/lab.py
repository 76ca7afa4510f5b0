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
* :class:`LabContentsManager` (what ``perflib lab`` runs JupyterLab with)
  opens the project's notebooks with the quarter ``perflib lab --quarter``
  chose (the ``PERFLIB_QUARTER`` environment variable) written into the
  ``parameters`` cell, so the analyst sees and runs that quarter without
  editing anything; the file on disk keeps its default, and saving puts the
  default back. ``perflib run`` injects its own quarter, so a run never
  depends on it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from perflib.core import paths
from perflib.core.notebooks import PARAMETERS_TAG, clean_notebook
from perflib.core.quarters import Quarter, QuarterError

#: The environment variable ``perflib lab --quarter`` sets for JupyterLab and its kernels.
QUARTER_VARIABLE = "PERFLIB_QUARTER"
#: The jupytext format of the notebooks' paired scripts.
PAIRED_FORMAT = "py:percent"
#: How the parameters cell starts in a paired script.
_PARAMETERS_MARKER = '# %% tags=["parameters"]'
_QUARTER_LINE = re.compile(r"^quarter\s*=.*$", re.M)


def lab_quarter() -> Quarter | None:
    """The quarter ``perflib lab --quarter`` opened JupyterLab on (``PERFLIB_QUARTER``), or None.

    Returns
    -------
    Quarter or None
        None when the variable is not set or is not a quarter perflib reads.
    """
    chosen = os.environ.get(QUARTER_VARIABLE, "").strip()
    try:
        return Quarter.parse(chosen) if chosen else None
    except QuarterError:
        return None


def with_quarter(source: str, label: str) -> str:
    """A parameters cell's source with its ``quarter`` assignment set to ``label``.

    Parameters
    ----------
    source : str
        The cell's source.
    label : str
        A quarter label, e.g. ``"2024-25 Q1"``.

    Returns
    -------
    str
        The same source with the line ``quarter = ...`` replaced by
        ``quarter = "<label>"`` (every other line as it was).
    """
    return _QUARTER_LINE.sub(f'quarter = "{label}"', source, count=1)


def _open_on_quarter(model: dict[str, Any], os_path: Path, quarter: Quarter) -> None:
    """Put ``quarter`` into the parameters cell of a project notebook's model (or its paired script's text)."""
    content = model.get("content")
    if model.get("type") == "notebook" and isinstance(content, dict):
        for cell in content.get("cells", []):
            if PARAMETERS_TAG in ((cell.get("metadata") or {}).get("tags") or []):
                src = cell.get("source", "")
                cell["source"] = with_quarter("".join(src) if isinstance(src, list) else str(src), quarter.label)
                break
    elif model.get("type") == "file" and isinstance(content, str) and os_path.suffix == ".py":
        head, marker, rest = content.partition(_PARAMETERS_MARKER)
        if marker:
            cell, sep, after = rest.partition("\n# %%")
            model["content"] = head + marker + with_quarter(cell, quarter.label) + sep + after


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


def _contents_manager_base() -> type:
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    return AsyncLargeFileManager


class LabContentsManager(_contents_manager_base()):  # type: ignore[misc]
    """Jupyter's file contents manager, opening the project's notebooks on the quarter ``perflib lab`` set.

    When ``PERFLIB_QUARTER`` is set, a project notebook (and its paired
    script, which jupytext reads the cells from) is handed to JupyterLab with
    ``quarter = "<that quarter>"`` in its parameters cell; the file on disk is
    not touched, and :func:`pre_save_hook` puts the committed value back on
    every save. ``perflib lab`` selects this class; jupytext builds its own
    manager on top of it.
    """

    async def get(self, path: str, content: bool = True, type: str | None = None, **kwargs: Any) -> Any:
        """The model of ``path``, with the lab's quarter in a project notebook's parameters cell."""
        model = await super().get(path, content=content, type=type, **kwargs)
        quarter = lab_quarter()
        if content and quarter is not None and isinstance(model, dict):
            os_path = _os_path(self, path)
            if _is_project_notebook(os_path):
                _open_on_quarter(model, os_path, quarter)
        return model


def lab_command(quarter: Quarter | None, extra: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command and environment that open JupyterLab on the notebooks.

    Parameters
    ----------
    quarter : Quarter, optional
        The quarter the notebooks open with (:class:`LabContentsManager`).
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
    manager = f"--ServerApp.contents_manager_class={__name__}.LabContentsManager"
    return [exe, "lab", f"--notebook-dir={paths.NOTEBOOKS_DIR}", hook, manager, *(extra or [])], env


__all__ = [
    "QUARTER_VARIABLE",
    "LabContentsManager",
    "lab_command",
    "lab_quarter",
    "pre_save_hook",
    "show_in_full",
    "with_quarter",
]
