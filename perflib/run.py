"""Run a quarter: execute the notebooks with papermill, export, and publish safely.

A run works in a temporary folder beside ``outputs/<quarter>/``
(``.tmp-<quarter>-<pid>``) and only replaces the published folder when every
step has succeeded, so the published folder is always one complete, good run:

* A failed run keeps the previous good outputs byte for byte, saves its
  executed notebooks under ``outputs/<quarter>/failed/`` for debugging (they
  are never exported), and says in one line which notebook and cell failed and
  why.
* A run that is killed outright (power cut, ``kill -9``) leaves the previous
  outputs untouched; the next run of that quarter removes the leftover
  ``.tmp-*`` folder, and puts back the previous outputs if the kill came in
  the instant between moving them aside (``.old-*``) and moving the new ones in.
* Only one run of a quarter can work at a time (a lock file ``.lock-<quarter>``
  in ``outputs/``, released by the operating system even when a run is killed).

Every successful run writes ``manifest.json`` (see :mod:`perflib.manifest`).
:func:`run_all` builds every quarter that has returns, in parallel processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import multiprocessing
import os
import queue as queue_module
import re
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator

# jsonschema (imported by nbformat and nbconvert) builds about forty grammar parsers at import time
# when the optional rfc3987-syntax package is installed (JupyterLab's jupyter-events pulls it in):
# about 1.3 s of every run and of every worker of `run --all`, for IRI format checks that notebook
# validation never makes. A run skips it; jsonschema then simply does not check that format.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402
import pandas as pd  # noqa: E402

from perflib import paths
from perflib.config import CouncilConfig, load_config
from perflib.quarters import Quarter

KERNEL = "perflib"
NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("01_prepare.ipynb", "prepare.ipynb"),
    ("02_appendix1.ipynb", "appendix1.ipynb"),
)
OUTPUT_FILES = ("appendix1.ipynb", "appendix1.html", "appendix1.pdf", "scorecard.csv", "scorecard.xlsx",
                "data_quality.csv", "manifest.json")
#: How long a run waits for another run of the same quarter before giving up (seconds).
LOCK_WAIT = 3.0
_LEFTOVER = re.compile(r"^\.(old|tmp)-(.+)-(\d+)$")


class RunFailed(RuntimeError):
    """A step of the run failed; the message is one line for the analyst."""


@dataclass
class RunResult:
    """What a successful run produced.

    Attributes
    ----------
    quarter : Quarter
    folder : Path
        ``outputs/<quarter>/``.
    files : dict
        Output name -> path.
    seconds : dict
        Time taken by each step.
    summary : str
        The one-line data-quality summary.
    """

    quarter: Quarter
    folder: Path
    files: dict[str, Path]
    seconds: dict[str, float]
    summary: str = ""


# ----------------------------------------------------------------- locks and leftovers
def _try_lock(path: Path) -> IO[str] | None:
    """Open and exclusively lock ``path``; None if another process holds it."""
    fh = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def _lock_path(outputs_dir: Path, slug: str) -> Path:
    return outputs_dir / f".lock-{slug}"


@contextlib.contextmanager
def quarter_lock(outputs_dir: Path, quarter: Quarter, wait_seconds: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock of one quarter's outputs for the duration of a run.

    The lock is an ``flock`` on ``outputs/.lock-<quarter>``; the operating
    system releases it when the process ends, however it ends.

    Parameters
    ----------
    outputs_dir : Path
        The council's ``outputs/`` folder.
    quarter : Quarter
    wait_seconds : float
        How long to wait for another run of the quarter to finish.

    Raises
    ------
    RunFailed
        If another run of the same quarter is still working.
    """
    outputs_dir.mkdir(parents=True, exist_ok=True)
    path = _lock_path(outputs_dir, quarter.slug)
    deadline = time.monotonic() + wait_seconds
    while (fh := _try_lock(path)) is None:
        if time.monotonic() >= deadline:
            holder = path.read_text(encoding="utf-8").strip() if path.exists() else ""
            raise RunFailed(f"{quarter.label}: another run of this quarter is in progress"
                            f"{f' (process {holder})' if holder else ''}; wait for it to finish")
        time.sleep(0.1)
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fh.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tidy(entry: Path, kind: str, final: Path) -> str:
    """Deal with one leftover folder; say what was done."""
    if kind == "old" and not final.exists():
        os.replace(entry, final)
        return f"put back the previous outputs {final.name} from an interrupted run"
    shutil.rmtree(entry, ignore_errors=True)
    return f"removed {entry.name}, left by an interrupted run"


def clean_stale(outputs_dir: Path, held: Quarter | None = None) -> list[str]:
    """Remove ``.tmp-*`` and ``.old-*`` folders left in ``outputs/`` by runs that died.

    A leftover of the quarter whose lock this process holds (``held``) is
    stale by definition. A leftover of another quarter is removed only when
    the process named in it is gone and nothing holds that quarter's lock. An
    ``.old-*`` folder (the previous outputs, moved aside just before the new
    ones were moved in) is put back when the published folder is missing, so
    an interrupted swap never loses a good report.

    Parameters
    ----------
    outputs_dir : Path
        The council's ``outputs/`` folder.
    held : Quarter, optional
        The quarter whose lock the caller holds.

    Returns
    -------
    list of str
        One line per folder removed or put back.
    """
    if not outputs_dir.is_dir():
        return []
    done = []
    for entry in sorted(outputs_dir.iterdir()):             # ".old-" sorts before ".tmp-"
        m = _LEFTOVER.match(entry.name)
        if not m or not entry.is_dir():
            continue
        kind, slug, pid = m.group(1), m.group(2), int(m.group(3))
        if pid == os.getpid():
            continue
        final = outputs_dir / slug
        if held is not None and slug == held.slug:
            done.append(_tidy(entry, kind, final))
            continue
        if _pid_alive(pid):
            continue
        fh = _try_lock(_lock_path(outputs_dir, slug))
        if fh is None:                                      # a run of that quarter is working now
            continue
        try:
            done.append(_tidy(entry, kind, final))
        finally:
            fh.close()
    return done


# ----------------------------------------------------------------- one quarter
def _failed_cell(nb_path: Path) -> str:
    """'code cell N (first line of source)' for the first cell with an error output."""
    try:
        nb = nbformat.read(str(nb_path), as_version=4)
    except Exception:  # noqa: BLE001 - best effort for the message only
        return "an unknown cell"
    code_no = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_no += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return f"code cell {code_no} ({first.strip()[:60]})"
    return "an unknown cell"


def _keep_failed(tmp: Path, final: Path) -> Path | None:
    """Copy the executed notebooks of a failed run to ``final/failed/`` (replacing an older failure)."""
    notebooks = sorted(tmp.glob("*.ipynb")) if tmp.is_dir() else []
    if not notebooks:
        return None
    failed = final / "failed"
    shutil.rmtree(failed, ignore_errors=True)
    failed.mkdir(parents=True, exist_ok=True)
    for nb in notebooks:
        shutil.copyfile(nb, failed / nb.name)
    return failed


def _publish(tmp: Path, final: Path) -> None:
    """Swap ``tmp`` into place as ``final``; the old folder is removed only after."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except OSError:
        if old.exists():
            os.replace(old, final)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _first_line(text: object, limit: int = 300) -> str:
    """An error message on one line: its lines joined, shortened to ``limit`` characters."""
    line = " ".join(part.strip() for part in str(text).strip().splitlines() if part.strip())
    return line if len(line) <= limit else line[:limit - 3].rstrip() + "..."


def quality_summary(quarter: Quarter, receipts: pd.DataFrame, problems: pd.DataFrame) -> str:
    """One line on the quarter's returns and data quality, as ``perflib run`` prints it.

    Parameters
    ----------
    quarter : Quarter
    receipts : DataFrame
        ``Prepared.receipts`` (one row per directorate, with ``state``).
    problems : DataFrame
        ``Prepared.problems`` (with ``severity``).

    Returns
    -------
    str
        e.g. ``"2023-24 Q3: returns received 5 of 6 (missing: Place); data
        quality: 0 errors, 3 warnings (listed in data_quality.csv)"``.
    """
    states = receipts["state"] if "state" in receipts else pd.Series(dtype=str)
    names = receipts["directorate_name"] if "directorate_name" in receipts else receipts.get("directorate")
    text = f"{quarter.label}: returns received {int(states.eq('received').sum())} of {len(receipts)}"
    notes = []
    for state, word in (("missing", "missing"), ("rejected", "unusable")):
        who = [str(n) for n in names[states.eq(state)]] if names is not None else []
        if who:
            notes.append(f"{word}: {', '.join(who)}")
    if notes:
        text += f" ({'; '.join(notes)})"
    sev = problems["severity"] if "severity" in problems else pd.Series(dtype=str)
    errors, warnings = int(sev.eq("error").sum()), int(sev.eq("warning").sum())
    text += (f"; data quality: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if errors or warnings:
        text += " (listed in data_quality.csv)"
    return text


def run_quarter(quarter: str | Quarter, config_path: str | Path = paths.DEFAULT_CONFIG, *,
                kernel: str = KERNEL, log: Callable[[str], None] = print, rebuild: bool = False,
                prepare_in_process: bool = False) -> RunResult:
    """Build Appendix 1 for a quarter: notebooks, HTML, PDF, scorecard and manifest.

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter.
    config_path : str or Path
        Council configuration passed to the notebooks as a parameter.
    kernel : str
        Jupyter kernel to execute with.
    log : callable
        Receives one line per step, and the data-quality summary once the
        returns have been checked.
    rebuild : bool
        Run the prepare notebook even when the processed data is current
        (by default it is reused when its inputs and the code are unchanged;
        see :mod:`perflib.cache`).
    prepare_in_process : bool
        Make the processed data in this process with
        :func:`perflib.pipeline.prepare_quarter` (the function the prepare
        notebook calls), reading each return once per process, instead of
        executing the prepare notebook. ``run --all`` does this; the data is
        the same.

    Returns
    -------
    RunResult

    Raises
    ------
    RunFailed
        With a one-line reason; the previous outputs are untouched.
    """
    from perflib import manifest as mf

    q = Quarter.parse(quarter)
    config: CouncilConfig = load_config(config_path)
    final = config.output_quarter_dir(q)
    with quarter_lock(config.outputs_dir, q):
        for line in clean_stale(config.outputs_dir, held=q):
            log(f"{q.label}: {line}")
        started = dt.datetime.now(dt.timezone.utc)
        inputs = mf.hash_inputs(config, q)
        return _run_locked(q, config, final, kernel, log, inputs, started, rebuild, prepare_in_process)


#: Returns already read by this process, keyed by quarter and the SHA-256 of everything that shapes them
#: (see :func:`_prepare_here`); ``run --all`` workers build many quarters that share their history.
_LOADED: dict[tuple[Any, ...], Any] = {}
_LOADED_LIMIT = 64


def _prepare_here(q: Quarter, config: CouncilConfig, inputs: dict[str, str]) -> None:
    """Make a quarter's processed data in this process, reading each return at most once per process.

    A quarter's returns are read again whenever any file in its folder, or
    any other input (council, methodology and catalogue files, comparator
    files, notebooks) differs by SHA-256 from when they were read.
    """
    import copy

    from perflib import manifest as mf
    from perflib import pipeline
    from perflib.returns import available_quarters, load_quarter

    raw_keys = {x: mf.file_key(config.raw_quarter_dir(x)) + "/" for x in available_quarters(config) if x <= q}
    in_raw = tuple(raw_keys.values())
    shared = tuple(sorted((k, v) for k, v in inputs.items() if not k.startswith(in_raw)))

    def load(catalogue: Any, quarter: Quarter) -> Any:
        prefix = raw_keys[quarter]                     # prepare_quarter reads only these quarters
        key = (str(config.source), quarter.label, shared,
               tuple(sorted((k, v) for k, v in inputs.items() if k.startswith(prefix))))
        if key not in _LOADED:
            if len(_LOADED) >= _LOADED_LIMIT:
                _LOADED.pop(next(iter(_LOADED)))
            _LOADED[key] = load_quarter(config, catalogue, quarter)
        return copy.deepcopy(_LOADED[key])

    pipeline.prepare_quarter(q, config, loader=load)


#: What each notebook's kernel imports while it starts (see :func:`_start_kernel`).
WARM_IMPORTS = {"01_prepare.ipynb": "perflib.pipeline", "02_appendix1.ipynb": "perflib.report"}


def _start_kernel(kernel: str, warm: str | None) -> Any:
    """Start a Jupyter kernel now, for a notebook that will run a little later.

    The kernel boots, and imports ``warm`` (the heavy modules its notebook
    imports first), in its own process while this one goes on with other
    work; the notebook then runs on it through papermill exactly as on a
    kernel papermill started itself (same kernel, working directory and
    in-memory history). The import binds no name in the kernel's namespace.

    Parameters
    ----------
    kernel : str
        Kernel name.
    warm : str or None
        Module to import while the kernel starts.

    Returns
    -------
    jupyter_client.AsyncKernelManager
        Pass it to ``papermill.execute_notebook(km=...)``; stop it with
        :func:`_stop_kernel`.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=kernel)
    extra = ["--HistoryManager.hist_file=:memory:"]             # as nbclient starts its kernels
    if warm:
        extra += [f"--IPKernelApp.exec_lines=import {warm}", f"--IPKernelApp.exec_lines=del {warm.split('.')[0]}"]
    run_sync(km.start_kernel)(cwd=str(paths.NOTEBOOKS_DIR), extra_arguments=extra)
    return km


def _stop_kernel(km: Any) -> None:
    """Shut down a kernel from :func:`_start_kernel` (it has run its notebook, or will not)."""
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)


def _side_work(prepared: Any, config: CouncilConfig, q: Quarter, folder: Path) -> str:
    """The work of a run that needs only the processed data (in a side thread).

    Writes scorecard.csv, scorecard.xlsx and data_quality.csv, and imports the
    export libraries (nbconvert, WeasyPrint) and the report module, so the
    export steps that follow the report notebook do not wait for them.

    Returns
    -------
    str
        The document title.
    """
    import weasyprint  # noqa: F401 - imported here to have it loaded by the PDF step

    from perflib import export
    from perflib.report import Report
    from perflib.validation import write_data_quality_csv

    export.write_scorecard_csv(prepared.scorecard, folder / "scorecard.csv", config.suppress_below)
    export.write_scorecard_xlsx(prepared.scorecard, folder / "scorecard.xlsx", config.suppress_below, config)
    write_data_quality_csv(prepared.problems, q.label, folder / "data_quality.csv")
    return Report(q, config, prepared=prepared).title


def _run_locked(q: Quarter, config: CouncilConfig, final: Path, kernel: str, log: Callable[[str], None],
                inputs: dict[str, str], started: dt.datetime, rebuild: bool = False,
                prepare_in_process: bool = False) -> RunResult:
    import papermill as pm

    from perflib import cache
    from perflib import manifest as mf
    from perflib.pipeline import PROCESSED_FILES, load_prepared

    config_param = str(config.source)
    tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    seconds: dict[str, float] = {}
    step = "starting"
    summary = ""
    # Kernels are started up front, so they boot while this process checks the processed data and
    # while the prepare notebook runs; the side thread writes the tables and loads the export
    # libraries while the report notebook runs in its kernel's process.
    side = ThreadPoolExecutor(max_workers=1, thread_name_prefix="perflib-side")
    side_job: Future[str] | None = None
    kernels: dict[str, Any] = {}
    try:
        reuse = not rebuild and cache.is_current(config, q, PROCESSED_FILES, inputs)
        in_process = prepare_in_process and not reuse
        for source, _ in NOTEBOOKS:
            if not ((reuse or in_process) and source == cache.PREPARE_NOTEBOOK):
                kernels[source] = _start_kernel(kernel, WARM_IMPORTS.get(source))
        prepared = None
        for source, target in NOTEBOOKS:
            t0 = time.perf_counter()
            if source == cache.PREPARE_NOTEBOOK and reuse:
                log(f"{q.label}: processed data is current (inputs and code unchanged); reusing it instead of "
                    f"running {source}")
            elif source == cache.PREPARE_NOTEBOOK and in_process:
                step = "preparing the data"
                log(f"{q.label}: preparing the data in this process (what {source} does)")
                _prepare_here(q, config, inputs)
            else:
                step = f"running {source}"
                log(f"{q.label}: {step}")
                try:
                    pm.execute_notebook(
                        str(paths.NOTEBOOKS_DIR / source), str(tmp / target),
                        parameters={"quarter": q.label, "config": config_param},
                        kernel_name=kernel, cwd=str(paths.NOTEBOOKS_DIR), progress_bar=False,
                        log_output=False, report_mode=False, km=kernels[source],
                    )
                except pm.PapermillExecutionError as exc:
                    kept = _keep_failed(tmp, final)
                    saved = (kept / target) if kept else tmp / target
                    where = _failed_cell(saved)
                    raise RunFailed(f"{q.label}: {source} failed in {where}: {exc.ename}: "
                                    f"{_first_line(exc.evalue)} (executed notebook kept in {saved}; "
                                    "nothing was published)") from None
                finally:
                    _stop_kernel(kernels.pop(source))
            seconds[source] = time.perf_counter() - t0
            if prepared is None:
                prepared = load_prepared(q, config)
                summary = quality_summary(q, prepared.receipts, prepared.problems)
                log(summary)
                side_job = side.submit(_side_work, prepared, config, q, tmp)

        from perflib import export

        assert side_job is not None
        step = "writing the scorecard"
        log(f"{q.label}: {step}")
        title = side_job.result()
        t0 = time.perf_counter()
        step = "exporting HTML"
        log(f"{q.label}: {step}")
        html = export.export_html(tmp / "appendix1.ipynb", config, q, title)
        (tmp / "appendix1.html").write_text(html, encoding="utf-8")
        seconds["html"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        step = "exporting PDF"
        log(f"{q.label}: {step}")
        # Dates come from the quarter (the date the figures are as at), never the clock.
        export.export_pdf(html, tmp / "appendix1.pdf", title, created=q.end_date)
        seconds["pdf"] = time.perf_counter() - t0
        (tmp / "prepare.ipynb").unlink(missing_ok=True)

        step = "writing the manifest"
        outputs = {p.name: mf.sha256_file(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        processed = config.processed_quarter_dir(q)
        parameters: dict[str, Any] = {
            "quarter": q.label, "config": config_param, "kernel": kernel,
            "notebooks": [source for source, _ in NOTEBOOKS],
            "processed_data": ("reused (inputs and code unchanged)" if reuse else
                               "rebuilt in the run's process (run --all)" if in_process else "rebuilt"),
            "notebook_parameters": {"quarter": q.label, "config": config_param},
        }
        processed_files = {mf.file_key(p): mf.sha256_file(p) for p in
                           (processed / f"{name}.parquet" for name in PROCESSED_FILES) if p.exists()}
        manifest = mf.build_manifest(q, config, parameters, inputs, outputs, processed=processed_files,
                                     started=started, seconds=seconds)
        mf.write_manifest(manifest, tmp)
        step = "publishing"
        _publish(tmp, final)
    except RunFailed:
        _wind_down(side, kernels)                           # nothing may still be writing into tmp
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # noqa: BLE001 - any failure leaves the last good outputs
        _wind_down(side, kernels)
        kept = _keep_failed(tmp, final)
        shutil.rmtree(tmp, ignore_errors=True)
        note = f" (executed notebooks kept in {kept}; nothing was published)" if kept else " (nothing was published)"
        raise RunFailed(f"{q.label}: {step} failed: {type(exc).__name__}: {_first_line(exc)}{note}") from exc
    except BaseException:                                   # Ctrl-C: tidy up, publish nothing
        _wind_down(side, kernels)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    side.shutdown(wait=True)
    files = {name: final / name for name in OUTPUT_FILES}
    log(f"{q.label}: done; outputs in {final}")
    return RunResult(q, final, files, seconds, summary)


def _wind_down(side: ThreadPoolExecutor, kernels: dict[str, Any]) -> None:
    """After a failure: wait for the side thread, and stop any kernel that was started and not used."""
    side.shutdown(wait=True, cancel_futures=True)
    for km in kernels.values():
        _stop_kernel(km)
    kernels.clear()


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
    seconds : float
        Wall-clock time of the whole run.
    workers : int
        Processes used.
    """

    built: list[Quarter] = field(default_factory=list)
    failed: dict[Quarter, str] = field(default_factory=dict)
    skipped: list[Quarter] = field(default_factory=list)
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


def _run_in_worker(position: int, total: int, label: str, config_path: str, kernel: str,
                   rebuild: bool = False) -> tuple[bool, str]:
    """Build one quarter in a worker process; progress lines go to the parent's queue."""
    global _INTERRUPTED
    prefix = f"[{position}/{total}] "

    def log(line: str) -> None:
        if _PROGRESS is not None:
            _PROGRESS.put(prefix + line)

    if _INTERRUPTED or (_STOP is not None and _STOP.is_set()):
        return False, f"{label}: not started (interrupted)"
    try:
        run_quarter(label, config_path, kernel=kernel, log=log, rebuild=rebuild, prepare_in_process=True)
    except RunFailed as exc:
        return False, str(exc)
    except KeyboardInterrupt:
        _INTERRUPTED = True
        return False, f"{label}: interrupted; nothing was published"
    except Exception as exc:  # noqa: BLE001 - report, never kill the other quarters
        return False, f"{label}: {type(exc).__name__}: {_first_line(exc)}"
    return True, ""


def quarters_to_run(config: CouncilConfig) -> tuple[list[Quarter], list[Quarter]]:
    """Quarters that have returns (to build) and quarters whose returns folder is empty (skipped).

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    tuple of (list of Quarter, list of Quarter)
    """
    from perflib.returns import available_quarters

    have, empty = [], []
    for q in available_quarters(config):
        folder = config.raw_quarter_dir(q)
        files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))]
        (have if files else empty).append(q)
    return have, empty


def run_all(config_path: str | Path = paths.DEFAULT_CONFIG, *, kernel: str = KERNEL,
            log: Callable[[str], None] = print, max_workers: int | None = None,
            rebuild: bool = False) -> AllResult:
    """Build every quarter that has returns, in parallel processes.

    Each quarter is a :func:`run_quarter` in a worker process, so a failure
    in one never affects the others' outputs. At most
    ``min(os.cpu_count(), number of quarters)`` run at once, newest first.
    Where a quarter's processed data is not current, the worker makes it
    itself with :func:`perflib.pipeline.prepare_quarter` (what the prepare
    notebook calls), reading each return once per worker rather than once per
    quarter that includes it; the report notebook runs through papermill as
    always, and the outputs are the same as single runs give.

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
    workers = max(1, min(max_workers or os.cpu_count() or 1, n))
    result.workers = workers
    log(f"building {n} quarter{'s' * (n != 1)} ({quarters[0].label} to {quarters[-1].label}), "
        f"{workers} at a time")
    ctx = multiprocessing.get_context("spawn")               # no fork of a process with threads
    progress = ctx.Queue()
    stop = ctx.Event()

    def drain() -> None:
        while True:
            try:
                log(progress.get_nowait())
            except queue_module.Empty:
                return

    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(progress, stop)) as pool:
        # Newest first: later quarters carry more history and take longest, so they start first and the
        # two processes finish together (numbering stays oldest first).
        futures: dict[Future[tuple[bool, str]], Quarter] = {
            pool.submit(_run_in_worker, i, n, q.label, str(config.source), kernel, rebuild): q
            for i, q in reversed(list(enumerate(quarters, start=1)))
        }
        pending = set(futures)
        try:
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
                    else:
                        result.failed[q] = message
        except BaseException:                               # Ctrl-C: start no more quarters
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    time.sleep(0.05)
    drain()
    result.built.sort()
    result.seconds = time.perf_counter() - t0
    mins, secs = divmod(round(result.seconds), 60)
    log(f"{len(result.built)} of {n} built, {len(result.failed)} failed, in {mins}m {secs:02d}s")
    for q, message in sorted(result.failed.items()):
        log(f"FAILED {message}")
    return result
