"""``python -m perflib`` is the ``perflib`` command (:func:`perflib.workflow.cli.entry`)."""

from perflib.workflow.cli import entry

if __name__ == "__main__":
    entry()
