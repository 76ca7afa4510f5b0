"""``python -m perflib`` is the ``perflib`` command."""

from perflib.cli import main

raise SystemExit(main())
