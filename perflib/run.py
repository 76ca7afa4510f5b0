"""Run a quarter: execute the notebooks with papermill, export, and publish safely.

A run works in a temporary folder beside ``outputs/<quarter>/`` and only
replaces the published folder when every step has succeeded. A failed run
keeps the previous good outputs, saves its executed notebook under
``outputs/<quarter>/failed/`` for debugging (never exported), and reports in
one line which cell failed and why.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat

from perflib import paths
from perflib.config import CouncilConfig, load_config
from perflib.quarters import Quarter

KERNEL = "perflib"
NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("01_prepare.ipynb", "prepare.ipynb"),
    ("02_appendix1.ipynb", "appendix1.ipynb"),
)
OUTPUT_FILES = ("appendix1.ipynb", "appendix1.html", "appendix1.pdf", "scorecard.csv", "scorecard.xlsx",
                "data_quality.csv")


class RunFailed(RuntimeError):
    """A step of the run failed; the message is one line for the analyst."""


@dataclass
class RunResult:
    """What a successful run produced."""

    quarter: Quarter
    folder: Path
    files: dict[str, Path]
    seconds: dict[str, float]


def _failed_cell(nb_path: Path) -> str:
    """'cell N (first line of source)' for the first cell with an error output."""
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


def run_quarter(quarter: str | Quarter, config_path: str | Path = paths.DEFAULT_CONFIG, *,
                kernel: str = KERNEL, log: Callable[[str], None] = print) -> RunResult:
    """Build Appendix 1 for a quarter: notebooks, HTML, PDF and scorecard.

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter.
    config_path : str or Path
        Council configuration passed to the notebooks as a parameter.
    kernel : str
        Jupyter kernel to execute with.
    log : callable
        Receives one line per step.

    Returns
    -------
    RunResult

    Raises
    ------
    RunFailed
        With a one-line reason; the previous outputs are untouched.
    """
    import papermill as pm

    from perflib import export
    from perflib.pipeline import load_prepared
    from perflib.report import Report
    from perflib.validation import write_data_quality_csv

    q = Quarter.parse(quarter)
    config: CouncilConfig = load_config(config_path)
    config_param = str(paths.resolve(config_path))
    final = config.output_quarter_dir(q)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    seconds: dict[str, float] = {}
    try:
        for source, target in NOTEBOOKS:
            t0 = time.perf_counter()
            log(f"{q.label}: running {source}")
            try:
                pm.execute_notebook(
                    str(paths.NOTEBOOKS_DIR / source), str(tmp / target),
                    parameters={"quarter": q.label, "config": config_param},
                    kernel_name=kernel, cwd=str(paths.NOTEBOOKS_DIR), progress_bar=False,
                    log_output=False, report_mode=False,
                )
            except pm.PapermillExecutionError as exc:
                failed = final / "failed"
                failed.mkdir(parents=True, exist_ok=True)
                saved = failed / target
                shutil.copyfile(tmp / target, saved)
                where = _failed_cell(saved)
                raise RunFailed(f"{q.label}: {source} failed in {where}: {exc.ename}: "
                                f"{str(exc.evalue).splitlines()[0] if exc.evalue else ''} "
                                f"(executed notebook kept in {saved})") from None
            seconds[source] = time.perf_counter() - t0

        t0 = time.perf_counter()
        prepared = load_prepared(q, config)
        title = Report(q, config, prepared=prepared).title
        log(f"{q.label}: exporting HTML")
        html = export.export_html(tmp / "appendix1.ipynb", config, q, title)
        (tmp / "appendix1.html").write_text(html, encoding="utf-8")
        seconds["html"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        log(f"{q.label}: exporting PDF")
        export.export_pdf(html, tmp / "appendix1.pdf", title)
        seconds["pdf"] = time.perf_counter() - t0
        export.write_scorecard_csv(prepared.scorecard, tmp / "scorecard.csv", config.suppress_below)
        export.write_scorecard_xlsx(prepared.scorecard, tmp / "scorecard.xlsx", config.suppress_below, config)
        write_data_quality_csv(prepared.problems, q.label, tmp / "data_quality.csv")
        (tmp / "prepare.ipynb").unlink(missing_ok=True)
        _publish(tmp, final)
    except RunFailed:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except Exception as exc:  # noqa: BLE001 - any failure leaves the last good outputs
        shutil.rmtree(tmp, ignore_errors=True)
        raise RunFailed(f"{q.label}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from exc
    files = {name: final / name for name in OUTPUT_FILES}
    log(f"{q.label}: done; outputs in {final}")
    return RunResult(q, final, files, seconds)
