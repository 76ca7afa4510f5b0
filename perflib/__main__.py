"""``python -m perflib`` is the ``perflib`` command."""

import logging
import os
import sys

from perflib.cli import main

if __name__ == "__main__":
    code = main()
    # Everything is written, closed and joined by now. Skip the interpreter's teardown of a few
    # hundred modules and the rendered PDF's objects (about 0.6 s of every run, doing nothing useful).
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):                   # a closed pipe (perflib list | head)
            pass
    os._exit(code)
