"""Run a quarter: execute the notebooks with papermill, export, and publish safely.

A run works in a temporary folder beside ``outputs/<quarter>/`` and only
replaces the published folder when every step has succeeded
(:mod:`perflib.workflow.outputs`): a failed run keeps the previous good
outputs byte for byte, saves its executed notebooks under
``outputs/<quarter>/failed/`` for debugging (never exported), and says in one
line which notebook and cell failed and why. Every successful run writes
``manifest.json`` (:mod:`perflib.workflow.manifest`). The prepare notebook is
skipped when the processed data is current (:mod:`perflib.workflow.cache`).
How a run overlaps its waiting is :mod:`perflib.workflow.speed`; what its
side thread does, :mod:`perflib.workflow.side_work`; the lines it prints,
:mod:`perflib.workflow.run_messages`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perflib.build.prepared import PROCESSED_FILES, load_prepared
from perflib.build.quality import Quality
from perflib.core import paths
from perflib.core.config import CouncilConfig, load_config
from perflib.core.hashing import file_key, sha256_file
from perflib.core.quarters import Quarter
from perflib.workflow import cache, speed
from perflib.workflow import manifest as mf
from perflib.workflow.outputs import RunFailed, clean_stale, keep_failed, publish, quarter_lock
from perflib.workflow.run_inputs import hash_code, hash_inputs
from perflib.workflow.run_messages import failed_cell, first_line, quality_summary
from perflib.workflow.side_work import side_work

KERNEL = "perflib"
#: Each notebook a run executes and the name of its executed copy.
EXECUTED: dict[Path, str] = {paths.PREPARE_NOTEBOOK: "prepare.ipynb", paths.REPORT_NOTEBOOK: "appendix1.ipynb"}
OUTPUT_FILES = (
    "appendix1.ipynb",
    "appendix1.html",
    "appendix1.pdf",
    "scorecard.csv",
    "scorecard.xlsx",
    "data_quality.csv",
    "manifest.json",
)

__all__ = ["KERNEL", "OUTPUT_FILES", "RunFailed", "RunResult", "run_quarter"]


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
    quality : Quality or None
        Returns received and problems found (what the exit code of
        ``perflib run`` is decided on).
    """

    quarter: Quarter
    folder: Path
    files: dict[str, Path]
    seconds: dict[str, float]
    summary: str = ""
    quality: Quality | None = None


# ----------------------------------------------------------------- one quarter
@dataclass
class _Run:
    """One run of one quarter, in its temporary folder, while the quarter's lock is held."""

    q: Quarter
    config: CouncilConfig
    kernel: str
    log: Callable[[str], None]
    inputs: dict[str, str]
    started: dt.datetime
    rebuild: bool
    prepare_in_process: bool
    seconds: dict[str, float] = field(default_factory=dict)
    step: str = "starting"
    summary: str = ""
    quality: Quality | None = None
    kernels: dict[Path, Any] = field(default_factory=dict)
    side: Any = field(default_factory=speed.side_thread)
    side_job: Future[str] | None = None
    #: perflib's code files as the run started (:func:`perflib.workflow.run_inputs.hash_code`).
    code_files: dict[str, str] = field(default_factory=dict)

    @property
    def final(self) -> Path:
        return self.config.output_quarter_dir(self.q)

    @property
    def tmp(self) -> Path:
        return self.final.with_name(f".tmp-{self.final.name}-{os.getpid()}")

    def run(self) -> RunResult:
        """Every step; on any failure the last good outputs stay and one line says why."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        try:
            reuse = not self.rebuild and cache.is_current(self.config, self.q, PROCESSED_FILES, self.inputs)
            in_process = self.prepare_in_process and not reuse
            # Kernels start up front, so they boot while this process checks the processed data.
            for notebook in EXECUTED:
                if not ((reuse or in_process) and notebook == paths.PREPARE_NOTEBOOK):
                    try:
                        self.kernels[notebook] = speed.start_kernel(self.kernel, notebook)
                    except speed.KernelCannotStart as exc:
                        raise RunFailed(f"{self.q.label}: {exc} (nothing was published)") from None
            self._prepare(reuse, in_process)
            self._notebook(paths.REPORT_NOTEBOOK)
            self._export()
            self._write_manifest(
                "reused (inputs and code unchanged)"
                if reuse
                else "rebuilt in the run's process (run --all)"
                if in_process
                else "rebuilt"
            )
            self.step = "publishing"
            publish(self.tmp, self.final)
        except RunFailed:
            self._wind_down()  # nothing may still be writing into tmp
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        except Exception as exc:
            self._wind_down()
            kept = keep_failed(self.tmp, self.final)
            shutil.rmtree(self.tmp, ignore_errors=True)
            note = (
                f" (executed notebooks kept in {kept}; nothing was published)" if kept else " (nothing was published)"
            )
            raise RunFailed(
                f"{self.q.label}: {self.step} failed: {type(exc).__name__}: {first_line(exc)}{note}"
            ) from exc
        except BaseException:  # Ctrl-C: tidy up, publish nothing
            self._wind_down()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        self.side.shutdown(wait=True)
        self.log(f"{self.q.label}: done; outputs in {self.final}")
        return RunResult(
            self.q,
            self.final,
            {name: self.final / name for name in OUTPUT_FILES},
            self.seconds,
            self.summary,
            self.quality,
        )

    def _prepare(self, reuse: bool, in_process: bool) -> None:
        """The processed data: reused, made in this process, or made by the prepare notebook."""
        notebook = paths.PREPARE_NOTEBOOK
        t0 = time.perf_counter()
        if reuse:
            self.log(
                f"{self.q.label}: processed data is current (inputs and code unchanged); reusing it instead "
                f"of running {notebook.name}"
            )
        elif in_process:
            self.step = "preparing the data"
            self.log(f"{self.q.label}: preparing the data in this process (what {notebook.name} does)")
            cache.prepare(self.q, self.config, loader=speed.RETURNS_MEMO.loader(self.q, self.config, self.inputs))
        else:
            self._notebook(notebook)
        self.seconds[notebook.name] = time.perf_counter() - t0
        prepared = load_prepared(self.q, self.config)
        self.summary = quality_summary(self.q, prepared.receipts, prepared.problems)
        self.quality = Quality.of(prepared.receipts, prepared.problems)
        self.log(self.summary)
        # The side thread writes the tables and loads the export libraries while the report notebook runs.
        self.side_job = self.side.submit(side_work, prepared, self.config, self.q, self.tmp)

    def _notebook(self, notebook: Path) -> None:
        """Execute ``notebook`` with papermill on its already started kernel."""
        import papermill as pm

        target = EXECUTED[notebook]
        self.step = f"running {notebook.name}"
        self.log(f"{self.q.label}: {self.step}")
        t0 = time.perf_counter()
        try:
            pm.execute_notebook(
                str(notebook),
                str(self.tmp / target),
                parameters={"quarter": self.q.label, "config": str(self.config.source)},
                kernel_name=self.kernel,
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=False,
                log_output=False,
                report_mode=False,
                km=self.kernels[notebook],
            )
        except pm.PapermillExecutionError as exc:
            kept = keep_failed(self.tmp, self.final)
            saved = (kept / target) if kept else self.tmp / target
            raise RunFailed(
                f"{self.q.label}: {notebook.name} failed in {failed_cell(saved)}: {exc.ename}: "
                f"{first_line(exc.evalue)} (executed notebook kept in {saved}; "
                "nothing was published)"
            ) from None
        finally:
            speed.stop_kernel(self.kernels.pop(notebook))
        self.seconds[notebook.name] = time.perf_counter() - t0

    def _export(self) -> None:
        """Wait for the scorecards, then export the HTML and the PDF."""
        from perflib.export.html import export_html
        from perflib.export.pdf import export_pdf

        assert self.side_job is not None
        self.step = "writing the scorecard"
        self.log(f"{self.q.label}: {self.step}")
        title = self.side_job.result()
        t0 = time.perf_counter()
        self.step = "exporting HTML"
        self.log(f"{self.q.label}: {self.step}")
        html = export_html(self.tmp / EXECUTED[paths.REPORT_NOTEBOOK], self.config, self.q, title)
        (self.tmp / "appendix1.html").write_text(html, encoding="utf-8")
        self.seconds["html"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.step = "exporting PDF"
        self.log(f"{self.q.label}: {self.step}")
        # Dates come from the quarter (the date the figures are as at), never the clock.
        export_pdf(html, self.tmp / "appendix1.pdf", title, created=self.q.end_date)
        self.seconds["pdf"] = time.perf_counter() - t0
        (self.tmp / EXECUTED[paths.PREPARE_NOTEBOOK]).unlink(missing_ok=True)

    def _write_manifest(self, processed_data: str) -> None:
        self.step = "writing the manifest"
        config_param = str(self.config.source)
        outputs = {p.name: sha256_file(p) for p in sorted(self.tmp.iterdir()) if p.is_file()}
        processed = self.config.processed_quarter_dir(self.q)
        parameters: dict[str, Any] = {
            "quarter": self.q.label,
            "config": config_param,
            "kernel": self.kernel,
            "notebooks": [notebook.name for notebook in EXECUTED],
            "processed_data": processed_data,
            "notebook_parameters": {"quarter": self.q.label, "config": config_param},
        }
        processed_files = {
            file_key(p): sha256_file(p)
            for p in (processed / f"{name}.parquet" for name in PROCESSED_FILES)
            if p.exists()
        }
        manifest = mf.build_manifest(
            self.q,
            self.config,
            parameters,
            self.inputs,
            outputs,
            processed=processed_files,
            code_files=self.code_files,
            started=self.started,
            seconds=self.seconds,
        )
        mf.write_manifest(manifest, self.tmp)

    def _wind_down(self) -> None:
        """After a failure: wait for the side thread, and stop any kernel that was started and not used."""
        self.side.shutdown(wait=True, cancel_futures=True)
        for km in self.kernels.values():
            speed.stop_kernel(km)
        self.kernels.clear()


def run_quarter(
    quarter: str | Quarter,
    config_path: str | Path = paths.DEFAULT_CONFIG,
    *,
    kernel: str = KERNEL,
    log: Callable[[str], None] = print,
    rebuild: bool = False,
    prepare_in_process: bool = False,
) -> RunResult:
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
        see :mod:`perflib.workflow.cache`).
    prepare_in_process : bool
        Make the processed data in this process with
        :func:`perflib.workflow.cache.prepare` (the function the prepare
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
    speed.skip_iri_grammar()
    q = Quarter.parse(quarter)
    config = load_config(config_path)
    with quarter_lock(config.outputs_dir, q):
        for line in clean_stale(config.outputs_dir, held=q):
            log(f"{q.label}: {line}")
        started = dt.datetime.now(dt.UTC)
        inputs = hash_inputs(config, q)
        code_files = hash_code()
        return _Run(q, config, kernel, log, inputs, started, rebuild, prepare_in_process, code_files=code_files).run()
