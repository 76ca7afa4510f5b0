"""Build every quarter that has returns, in parallel worker processes (``perflib run --all``).

Each quarter is a :func:`perflib.workflow.run.run_quarter` in a worker process,
so a failure in one never affects the others' outputs. At most
``min(os.cpu_count(), number of quarters)`` run at once, newest first. Where a
quarter's processed data is not current, the worker makes it itself with
:func:`perflib.workflow.cache.prepare` (what the prepare notebook calls),
reading each return once per worker (:class:`perflib.workflow.speed.ReturnsMemo`);
the report notebook runs through papermill as always, and the outputs are the
same as single runs give.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queue_module
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perflib.build.quality import Quality
from perflib.core import paths
from perflib.core.config import CouncilConfig, load_config
from perflib.core.quarters import Quarter
from perflib.inputs.returns import available_quarters
from perflib.workflow.outputs import RunFailed, clean_stale
from perflib.workflow.run import KERNEL, run_quarter
from perflib.workflow.run_messages import first_line


# ----------------------------------------------------------------- every quarter
@dataclass
class AllResult:
    """What :func:`run_all` did.

    Attributes
    ----------
    built : list of Quarter
        Quarters whose report was built.
    failed : dict
        Quarter -> the one-line reason it failed.
    skipped : list of Quarter
        Quarters whose returns folder is empty.
    data_errors : dict
        Quarter built -> ``"errors"`` (the returns have errors) or
        ``"unusable"`` (no return could be used: every PI is "No data").
    seconds : float
        Wall-clock time of the whole run.
    workers : int
        Processes used.
    """

    built: list[Quarter] = field(default_factory=list)
    failed: dict[Quarter, str] = field(default_factory=dict)
    skipped: list[Quarter] = field(default_factory=list)
    data_errors: dict[Quarter, str] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 0

    @property
    def ok(self) -> bool:
        """True when no quarter failed."""
        return not self.failed


_PROGRESS: Any = None


_STOP: Any = None


_INTERRUPTED = False


def _init_worker(progress: Any, stop: Any) -> None:
    """Give a worker process the queue its progress lines go to, and the parent's stop flag."""
    global _PROGRESS, _STOP
    _PROGRESS, _STOP = progress, stop
    # A kernel shut down by Ctrl-C leaves asyncio tasks nobody awaits; their tracebacks say nothing useful.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def _run_in_worker(
    position: int, total: int, label: str, config_path: str, kernel: str, rebuild: bool = False
) -> tuple[bool, str]:
    """Build one quarter in a worker process; progress lines go to the parent's queue."""
    global _INTERRUPTED
    prefix = f"[{position}/{total}] "

    def log(line: str) -> None:
        if _PROGRESS is not None:
            _PROGRESS.put(prefix + line)

    if _INTERRUPTED or (_STOP is not None and _STOP.is_set()):
        return False, f"{label}: not started (interrupted)"
    try:
        built = run_quarter(label, config_path, kernel=kernel, log=log, rebuild=rebuild, prepare_in_process=True)
    except RunFailed as exc:
        return False, str(exc)
    except KeyboardInterrupt:
        _INTERRUPTED = True
        return False, f"{label}: interrupted; nothing was published"
    except Exception as exc:
        return False, f"{label}: {type(exc).__name__}: {first_line(exc)}"
    return True, data_state(built.quality)


def data_state(quality: Quality | None) -> str:
    """``"unusable"`` when no return could be used, ``"errors"`` when the returns have errors, else ``""``.

    Parameters
    ----------
    quality : Quality or None
        A run's :class:`perflib.build.quality.Quality`.

    Returns
    -------
    str
    """
    if quality is None:
        return ""
    if quality.expected and not quality.received:
        return "unusable"
    return "errors" if quality.errors else ""


def quarters_to_run(config: CouncilConfig) -> tuple[list[Quarter], list[Quarter]]:
    """Quarters that have returns (to build) and quarters whose returns folder is empty (skipped).

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    tuple of (list of Quarter, list of Quarter)
    """
    have: list[Quarter] = []
    empty: list[Quarter] = []
    for q in available_quarters(config):
        folder = config.raw_quarter_dir(q)
        files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))]
        (have if files else empty).append(q)
    return have, empty


def _collect(futures: dict[Future[tuple[bool, str]], Quarter], result: AllResult, drain: Callable[[], None]) -> None:
    """Wait for every quarter, passing on progress lines as they come."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        drain()
        for fut in done:
            q = futures[fut]
            try:
                ok, message = fut.result()
            except BrokenProcessPool:
                ok, message = False, f"{q.label}: the worker process died"
            if ok:
                result.built.append(q)
                if message:
                    result.data_errors[q] = message
            else:
                result.failed[q] = message


def _build_in_workers(
    quarters: list[Quarter],
    config: CouncilConfig,
    kernel: str,
    workers: int,
    rebuild: bool,
    log: Callable[[str], None],
    result: AllResult,
) -> None:
    n = len(quarters)
    ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads
    progress = ctx.Queue()
    stop = ctx.Event()

    def drain() -> None:
        while True:
            try:
                log(progress.get_nowait())
            except queue_module.Empty:
                return

    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(progress, stop)
    ) as pool:
        # Newest first: later quarters carry more history and take longest, so they start first and the
        # two processes finish together (numbering stays oldest first).
        futures: dict[Future[tuple[bool, str]], Quarter] = {
            pool.submit(_run_in_worker, i, n, q.label, str(config.source), kernel, rebuild): q
            for i, q in reversed(list(enumerate(quarters, start=1)))
        }
        try:
            _collect(futures, result, drain)
        except BaseException:  # Ctrl-C: start no more quarters
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    time.sleep(0.05)
    drain()


def run_all(
    config_path: str | Path = paths.DEFAULT_CONFIG,
    *,
    kernel: str = KERNEL,
    log: Callable[[str], None] = print,
    max_workers: int | None = None,
    rebuild: bool = False,
) -> AllResult:
    """Build every quarter that has returns, in parallel processes.

    Parameters
    ----------
    config_path : str or Path
        Council configuration.
    kernel : str
        Jupyter kernel.
    log : callable
        Receives the progress lines, e.g. ``"[3/19] 2021-22 Q3: exporting PDF"``.
    max_workers : int, optional
        Override the number of processes.
    rebuild : bool
        Run every prepare notebook even where the processed data is current.

    Returns
    -------
    AllResult
    """
    t0 = time.perf_counter()
    config = load_config(config_path)
    quarters, skipped = quarters_to_run(config)
    result = AllResult(skipped=skipped)
    for q in skipped:
        log(f"skipping {q.label}: its returns folder {config.raw_quarter_dir(q)} is empty")
    if not quarters:
        log(f"no quarter has returns in {config.raw_dir}")
        return result
    for line in clean_stale(config.outputs_dir):
        log(line)
    n = len(quarters)
    result.workers = max(1, min(max_workers or os.cpu_count() or 1, n))
    log(
        f"building {n} quarter{'s' * (n != 1)} ({quarters[0].label} to {quarters[-1].label}), "
        f"{result.workers} at a time"
    )
    _build_in_workers(quarters, config, kernel, result.workers, rebuild, log, result)
    result.built.sort()
    result.seconds = time.perf_counter() - t0
    mins, secs = divmod(round(result.seconds), 60)
    log(f"{len(result.built)} of {n} built, {len(result.failed)} failed, in {mins}m {secs:02d}s")
    for _, message in sorted(result.failed.items()):
        log(f"FAILED {message}")
    return result
