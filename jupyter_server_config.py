"""Jupyter server settings for perflib, read by any Jupyter server started from this folder.

``make lab`` and ``perflib lab`` start JupyterLab from here; so does a plain
``.venv/bin/jupyter server`` or ``jupyter lab`` typed in the project root.
Every save (JupyterLab's autosave too) goes through perflib's pre-save hook:
outputs, execution counts, papermill's injected cell, session metadata and
the quarter typed into the parameters cell never reach the committed
notebooks or their paired py:percent scripts (see perflib/workflow/lab.py and
the README, "Iterate in JupyterLab").
"""

from perflib.workflow.lab import pre_save_hook

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.FileContentsManager.pre_save_hook = pre_save_hook
