"""What in a notebook is code, and what is only a session's state.

A notebook file holds two kinds of thing. **Code and prose**: the cells'
sources, their order and their tags (``parameters``, ``remove-cell``); a
change to any of them changes what a run does, so it is committed and makes
every report made before stale. **Session state**: outputs, execution counts,
the metadata JupyterLab and papermill add (``language_info``, ``papermill``,
per-cell timings, widths), the cell papermill injects, and the values typed
into the ``parameters`` cell (the quarter an analyst is looking at); none of it
changes a report, because ``perflib run`` injects its own parameters.

:func:`clean_notebook` keeps the first kind and drops the second (what the
JupyterLab save hook in :mod:`perflib.workflow.lab` writes), and
:func:`notebook_digest` hashes only the first kind (what manifests and the
processed-data key record), so saving a notebook after Run All changes
neither git nor a report's state.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

#: The tag of the cell papermill reads the parameters' defaults from.
PARAMETERS_TAG = "parameters"
#: The tag of the cell papermill inserts with the run's parameters.
INJECTED_TAG = "injected-parameters"
#: Notebook-level metadata that is part of the committed notebook.
KEPT_METADATA = ("jupytext", "kernelspec")
#: Cell metadata that is part of the committed notebook (everything else is session state).
KEPT_CELL_METADATA = ("tags",)

_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*=")


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: dict[str, Any]) -> list[str]:
    tags = (cell.get("metadata") or {}).get("tags") or []
    return [str(t) for t in tags]


def parameter_lines(source: str) -> dict[str, str]:
    """The assignments of a parameters cell, by name (``{"quarter": 'quarter = "2023-24 Q3"'}``).

    Parameters
    ----------
    source : str
        The cell's source.

    Returns
    -------
    dict
        Variable name -> the whole line assigning it (the first, when assigned twice).
    """
    found: dict[str, str] = {}
    for line in source.splitlines():
        m = _ASSIGNMENT.match(line)
        if m and m.group("name") not in found:
            found[m.group("name")] = line
    return found


def restore_parameters(source: str, defaults: dict[str, str]) -> str:
    """A parameters cell with every value known in ``defaults`` put back as it was.

    Lines assigning a name that ``defaults`` has are replaced by the default
    line; every other line (a new parameter, a comment) is kept as typed.

    Parameters
    ----------
    source : str
        The parameters cell as saved.
    defaults : dict
        From :func:`parameter_lines` on the committed cell.

    Returns
    -------
    str
    """
    out = []
    for line in source.split("\n"):
        m = _ASSIGNMENT.match(line)
        out.append(defaults[m.group("name")] if m and m.group("name") in defaults else line)
    return "\n".join(out)


def parameters_source(nb: dict[str, Any]) -> str | None:
    """The source of the notebook's ``parameters`` cell, or None when it has none."""
    for cell in nb.get("cells", []):
        if PARAMETERS_TAG in _tags(cell):
            return _source(cell)
    return None


def clean_notebook(nb: dict[str, Any], committed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The notebook with its session state removed: what is committed.

    Parameters
    ----------
    nb : dict
        A notebook as JSON (nbformat 4), e.g. as JupyterLab saves it after Run All.
    committed : dict, optional
        The notebook as it is on disk now. Its ``parameters`` cell gives the
        defaults put back, and its notebook metadata is kept as it was. Without
        it the parameters are left as they are and the metadata is cut down to
        :data:`KEPT_METADATA`.

    Returns
    -------
    dict
        A new notebook: no papermill-injected cell, no outputs or execution
        counts, cell metadata only :data:`KEPT_CELL_METADATA`, the parameter
        defaults restored. ``nb`` is not changed.
    """
    out = copy.deepcopy(nb)
    defaults = parameter_lines(parameters_source(committed) or "") if committed else {}
    cells = []
    for cell in out.get("cells", []):
        tags = _tags(cell)
        if INJECTED_TAG in tags:
            continue
        cell["source"] = _source(cell)  # one string, as nbformat and jupytext hold it in memory
        meta = cell.get("metadata") or {}
        cell["metadata"] = {k: meta[k] for k in KEPT_CELL_METADATA if meta.get(k)}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        if PARAMETERS_TAG in tags and defaults:
            restored = restore_parameters(_source(cell), defaults)
            cell["source"] = restored
        cells.append(cell)
    out["cells"] = cells
    if committed is not None and "metadata" in committed:
        out["metadata"] = copy.deepcopy(committed["metadata"])
    else:
        meta = out.get("metadata") or {}
        out["metadata"] = {k: meta[k] for k in KEPT_METADATA if k in meta}
    return out


def code_cells(nb: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    """What in a notebook shapes a run: each cell's type, source and tags, in order.

    The ``parameters`` cell's source and papermill's injected cell are left
    out: a run injects its own parameters. Outputs and metadata are left out.

    Parameters
    ----------
    nb : dict
        A notebook as JSON.

    Returns
    -------
    list of (cell type, source without surrounding blank space, sorted tags)
    """
    out = []
    for cell in nb.get("cells", []):
        tags = _tags(cell)
        if INJECTED_TAG in tags:
            continue
        source = "" if PARAMETERS_TAG in tags else _source(cell).strip()
        out.append((str(cell.get("cell_type")), source, tuple(sorted(tags))))
    return out


def notebook_digest(path: Path) -> str:
    """SHA-256 of what in a notebook file shapes a run (:func:`code_cells`).

    Saving outputs, metadata or another quarter in the parameters cell leaves
    it unchanged; editing a cell's code or prose, adding, removing, moving or
    retagging a cell changes it. A file that is not a readable notebook is
    hashed as bytes (so a broken notebook is still seen as changed).

    Parameters
    ----------
    path : Path
        An ``.ipynb`` file.

    Returns
    -------
    str
        64 hex digits.
    """
    raw = path.read_bytes()
    try:
        nb = json.loads(raw.decode("utf-8"))
        cells = code_cells(nb)
    except (ValueError, AttributeError, TypeError):
        return hashlib.sha256(raw).hexdigest()
    text = json.dumps(cells, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(("notebook-code:" + text).encode("utf-8")).hexdigest()


__all__ = [
    "INJECTED_TAG",
    "PARAMETERS_TAG",
    "clean_notebook",
    "code_cells",
    "notebook_digest",
    "parameter_lines",
    "parameters_source",
    "restore_parameters",
]
