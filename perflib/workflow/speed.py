"""Every speed trick of a run, in one place, with what each buys.

A run's work is mostly waiting: for kernels to start, for heavy libraries to
import, for WeasyPrint. These tricks overlap that waiting or skip work that
changes nothing. None of them changes an output: the HTML, PDF, CSV and XLSX
are byte-identical with and without them (tested). Figures are from
``make bench`` on the 2-core reference machine (README, "Speed").

=========================  ===========================================================  =====================
trick                      what it does                                                 what it buys
=========================  ===========================================================  =====================
:func:`skip_iri_grammar`   stops jsonschema building the optional rfc3987-syntax        about 1.3 s per run
                           grammar (about forty parsers) at import; notebook            and per ``run --all``
                           validation never checks IRI formats                          worker
:func:`start_kernel`       starts each notebook's kernel at the start of the run and    about 1.5 s per run
                           imports its heavy module there while this process works
:func:`side_thread`        writes the scorecards and loads the export libraries in a    about 1 s per run
                           thread while the report notebook runs in its kernel
:class:`ReturnsMemo`       ``run --all`` workers read each return once, not once for    ``run --all`` 0.63 to
                           every later quarter that includes it                         0.51 of single runs
:func:`exit_fast`          skips the interpreter's teardown of a few hundred modules    about 0.6 s per
                           once everything is written and flushed                       command
=========================  ===========================================================  =====================
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflib.core import paths
from perflib.core.config import CouncilConfig
from perflib.core.hashing import file_key
from perflib.core.quarters import Quarter

if TYPE_CHECKING:  # the command line imports this module; pandas only when it reads returns
    from perflib.inputs.catalogue import Catalogue
    from perflib.inputs.returns import QuarterReturns

#: What each notebook's kernel imports while it starts (see :func:`start_kernel`).
WARM_IMPORTS: dict[Path, str] = {
    paths.PREPARE_NOTEBOOK: "perflib.workflow.cache",
    paths.REPORT_NOTEBOOK: "perflib.report.sections",
}


def skip_iri_grammar() -> None:
    """Stop jsonschema building its optional IRI grammar when nbformat is first imported.

    jsonschema (imported by nbformat and nbconvert) builds about forty
    grammar parsers at import time when the optional rfc3987-syntax package is
    installed (JupyterLab's jupyter-events pulls it in), for IRI format checks
    that notebook validation never makes. Call before nbformat is imported;
    jsonschema then simply does not check that format.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


class KernelCannotStart(RuntimeError):
    """A Jupyter kernel cannot be started here; the message names the cause."""


def start_kernel(kernel: str, notebook: Path) -> Any:
    """Start a Jupyter kernel now, for a notebook that will run a little later.

    The kernel boots, and imports the heavy module its notebook imports first
    (:data:`WARM_IMPORTS`), in its own process while this one goes on with
    other work; the notebook then runs on it through papermill exactly as on a
    kernel papermill started itself (same kernel, working directory and
    in-memory history). The import binds no name in the kernel's namespace.

    Parameters
    ----------
    kernel : str
        Kernel name.
    notebook : Path
        The notebook the kernel will run.

    Returns
    -------
    jupyter_client.AsyncKernelManager
        Pass it to ``papermill.execute_notebook(km=...)``; stop it with
        :func:`stop_kernel`.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    # Unix sockets in a folder of the kernel's own, not TCP ports: a port that
    # jupyter_client picked free can be taken by another process before the
    # kernel binds it ("Address already in use"; seen with run --all's workers
    # starting kernels together), and no loopback network is needed.
    sockets = Path(tempfile.mkdtemp(prefix="perflib-kernel-"))
    km = AsyncKernelManager(kernel_name=kernel, transport="ipc", ip=str(sockets / "kernel"))
    extra = ["--HistoryManager.hist_file=:memory:"]  # as nbclient starts its kernels
    warm = WARM_IMPORTS.get(notebook)
    if warm:
        extra += [f"--IPKernelApp.exec_lines=import {warm}", f"--IPKernelApp.exec_lines=del {warm.split('.')[0]}"]
    try:
        run_sync(km.start_kernel)(cwd=str(paths.NOTEBOOKS_DIR), extra_arguments=extra)
    except Exception as exc:  # no such kernel, or its process cannot be started
        shutil.rmtree(sockets, ignore_errors=True)
        raise KernelCannotStart(
            f"the notebook kernel '{kernel}' cannot start ({type(exc).__name__}: {exc}); make setup installs it"
        ) from None
    return km


def stop_kernel(km: Any) -> None:
    """Shut down a kernel from :func:`start_kernel` (it has run its notebook, or will not)."""
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)
    if km.transport == "ipc":
        shutil.rmtree(Path(km.ip).parent, ignore_errors=True)


def side_thread() -> ThreadPoolExecutor:
    """The one thread that does a run's side work (scorecards, export imports) beside the report notebook."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="perflib-side")


class ReturnsMemo:
    """Returns already read by this process, keyed by quarter and the SHA-256 of everything that shapes them.

    ``run --all`` workers build many quarters that share their history. A
    quarter's returns are read again whenever any file in its folder, or any
    other input (council, methodology and catalogue files, comparator files,
    notebooks), differs by SHA-256 from when they were read.
    """

    LIMIT = 64

    def __init__(self) -> None:
        self._loaded: dict[tuple[Any, ...], Any] = {}

    def loader(
        self, q: Quarter, config: CouncilConfig, inputs: dict[str, str]
    ) -> Callable[[Catalogue, Quarter], QuarterReturns]:
        """A ``loader`` for :func:`perflib.build.prepared.prepare_quarter` of ``q`` that reads through the memo.

        Parameters
        ----------
        q : Quarter
            The report quarter being prepared.
        config : CouncilConfig
        inputs : dict
            The run's input hashes (:func:`perflib.workflow.run_inputs.hash_inputs`).

        Returns
        -------
        callable
        """
        from perflib.inputs.returns import available_quarters, load_quarter

        raw_keys = {x: file_key(config.raw_quarter_dir(x)) + "/" for x in available_quarters(config) if x <= q}
        in_raw = tuple(raw_keys.values())
        shared = tuple(sorted((k, v) for k, v in inputs.items() if not k.startswith(in_raw)))

        def load(catalogue: Catalogue, quarter: Quarter) -> QuarterReturns:
            prefix = raw_keys[quarter]  # prepare_quarter reads only these quarters
            key = (
                str(config.source),
                quarter.label,
                shared,
                tuple(sorted((k, v) for k, v in inputs.items() if k.startswith(prefix))),
            )
            if key not in self._loaded:
                if len(self._loaded) >= self.LIMIT:
                    self._loaded.pop(next(iter(self._loaded)))
                self._loaded[key] = load_quarter(config, catalogue, quarter)
            return copy.deepcopy(self._loaded[key])

        return load


#: The memo of this process (one per ``run --all`` worker).
RETURNS_MEMO = ReturnsMemo()


def exit_fast(code: int) -> None:
    """End the process with ``code`` once everything is flushed, skipping the interpreter's teardown.

    Every file has been written, closed and joined by then; what is skipped
    is only the teardown of a few hundred modules and the rendered PDF's
    objects.

    Parameters
    ----------
    code : int
        The exit code.
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (perflib list | head)
            stream.flush()
    os._exit(code)
