"""What each ``perflib`` command does (the parser and entry point are :mod:`perflib.workflow.cli`).

Each function takes the parsed arguments and returns the exit code: 0 done
(warnings allowed), 1 errors in the data, a failed run or a report that is
not current.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from perflib.build.prepared import prepare_quarter
from perflib.core import paths
from perflib.core.config import CouncilConfig, load_config
from perflib.core.paths import display_path
from perflib.core.problems import problems_from_frame
from perflib.core.quarters import Quarter, QuarterError
from perflib.export.data_quality import write_data_quality_csv
from perflib.export.narrative_template import write_narrative_template
from perflib.export.return_templates import write_templates
from perflib.inputs import layout as fmt
from perflib.inputs.returns import available_quarters, quarters_without_returns
from perflib.workflow.manifest import MANIFEST_NAME, git_info
from perflib.workflow.outputs import checks_file, clean_stale
from perflib.workflow.run import run_quarter
from perflib.workflow.run_all import data_state, run_all
from perflib.workflow.verify import report_state, verify


def _repair(config: CouncilConfig) -> None:
    """Finish what an interrupted run left (a publish cut between its renames is put back), and say so."""
    for line in clean_stale(config.outputs_dir):
        print(f"perflib: {line}")


def cmd_validate(args: argparse.Namespace) -> int:
    """Print the data-quality report for a quarter and write data_quality.csv; 1 if any errors."""
    config = load_config(args.config)
    _repair(config)
    q = args.quarter
    if not config.raw_quarter_dir(q).is_dir():
        return _no_returns_folder(config, q)
    prepared = prepare_quarter(args.quarter, config)
    print(f"Data-quality report for {q.label}, {config.council_name}")
    print()
    print("Returns:")
    width = max(len(d.name) for d in config.directorates)
    for r in prepared.receipts.itertuples():
        state = {"received": "received", "missing": "MISSING", "rejected": "UNUSABLE"}[r.state]
        when = ""
        if r.state == "received" and r.submitted is not None and not (isinstance(r.submitted, float)):
            when = f" (submitted {r.submitted.day} {r.submitted:%b %Y})"
        note = f": {r.detail}" if r.detail else ""
        print(f"  {r.directorate_name:<{width}}  {state:<8}  {r.file}{when}{note}")
    problems = problems_from_frame(prepared.problems)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    print()
    if problems:
        print(f"Problems ({len(errors)} error(s), {len(warnings)} warning(s)):")
        for p in errors + warnings:
            print("  " + p.line())
    else:
        print("No problems found.")
    gaps = quarters_without_returns(config, q)
    if gaps:
        print()
        print(
            f"Quarters before {q.label} with no returns at all: {', '.join(g.label for g in gaps)}. "
            "Trends, year-to-date figures and forecasts have a gap there; if returns were received, "
            f"put them in {display_path(config.raw_dir)}/<quarter>/."
        )
    # Never into the published folder: a report's files change only when a run publishes it.
    target = checks_file(config.outputs_dir, q)
    write_data_quality_csv(prepared.problems, q.label, target)
    print()
    print(f"{q.label}: {len(errors)} error(s), {len(warnings)} warning(s); written to {display_path(target)}")
    return 1 if errors else 0


def cmd_new_quarter(args: argparse.Namespace) -> int:
    """Make the quarter's returns folder and write its return templates."""
    config = load_config(args.config)
    q: Quarter = args.quarter
    folder = config.raw_quarter_dir(q)
    # The templates first: if outputs/ cannot be written, no returns folder is left half-made.
    written = write_templates(q, config)
    if folder.exists():
        present = [p for p in folder.iterdir() if not p.name.startswith(".")]
        print(
            f"{q.label}: the returns folder {display_path(folder)}/ already exists ({len(present)} file(s)); "
            "nothing in it was changed."
        )
    else:
        folder.mkdir(parents=True)
        print(f"{q.label}: made the returns folder {display_path(folder)}/")
    out_dir = written[0].parent if written else config.outputs_dir / "templates" / q.slug
    narrative = write_narrative_template(config, q, out_dir / fmt.NARRATIVE_FILE)
    print(f"{q.label}: wrote {len(written)} return template(s) and the narrative template to {display_path(out_dir)}/:")
    for path in [*written, narrative]:
        print(f"  {path.name}")
    print()
    print(
        "Next: send each directorate its template. Save the completed returns in "
        f"{display_path(folder)}/ as <directorate>.xlsx"
    )
    print(
        f"and your narrative (from {display_path(narrative)}) as {display_path(folder / fmt.NARRATIVE_FILE)}, "
        f'then check them with: perflib validate --quarter "{q.label}"'
    )
    return 0


def _data_exit(label: str, state: str, allow_errors: bool) -> int:
    """The exit code of a built report from its :func:`perflib.workflow.run_all.data_state`, with a line why."""
    if state == "unusable":
        print(
            f"perflib: {label}: the report was built, but no return could be used: every indicator shows "
            "'No data' (exit code 1; see data_quality.csv)",
            file=sys.stderr,
        )
        return 1
    if state == "errors" and not allow_errors:
        print(
            f"perflib: {label}: the report was built, but the returns have errors: the indicators affected show "
            "'No data' (exit code 1; see data_quality.csv, or use --allow-errors)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Build one quarter, or every quarter with --all; 1 when a run failed or the data has errors (see cli)."""
    allow = bool(getattr(args, "allow_errors", False))
    if args.all:
        result = run_all(args.config, log=lambda line: print(line, flush=True), rebuild=args.rebuild)
        codes = [_data_exit(q.label, state, allow) for q, state in sorted(result.data_errors.items())]
        return 0 if result.ok and not any(codes) else 1
    config = load_config(args.config)
    if not config.raw_quarter_dir(args.quarter).is_dir():
        return _no_returns_folder(config, args.quarter)
    built = run_quarter(args.quarter, args.config, log=lambda line: print(line, flush=True), rebuild=args.rebuild)
    return _data_exit(args.quarter.label, data_state(built.quality), allow)


def _no_returns_folder(config: CouncilConfig, q: Quarter) -> int:
    """Say that a quarter has no returns folder (exit code 1); nothing is created."""
    print(
        f"perflib: {q.label}: there is no returns folder {display_path(config.raw_quarter_dir(q))}/, so there is "
        f'nothing to check or build. Start the quarter with: perflib new-quarter --quarter "{q.label}"',
        file=sys.stderr,
    )
    return 1


def cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab on the notebooks from the project root, with the quarter set (replaces this process)."""
    from perflib.workflow.lab import lab_command

    extra = [a for a in (args.lab_args or []) if a != "--"]
    command, env = lab_command(args.quarter, extra)
    if args.quarter is not None:
        print(f"perflib: opening JupyterLab with the notebooks on {args.quarter.label}", flush=True)
    if not Path(command[0]).is_file():
        print(f"perflib: cannot start JupyterLab: {command[0]} not found (run make setup)", file=sys.stderr)
        return 1
    os.chdir(paths.PROJECT_ROOT)
    os.execve(command[0], command, env)  # JupyterLab takes this process's place: Ctrl-C and signals reach it


def _known_quarters(config: CouncilConfig) -> set[Quarter]:
    """Quarters with a returns folder or a report folder."""
    quarters = set(available_quarters(config))
    if config.outputs_dir.is_dir():
        for child in config.outputs_dir.iterdir():
            if child.is_dir() and not child.name.startswith("."):
                try:
                    quarters.add(Quarter.parse(child.name))
                except QuarterError:
                    continue
    return quarters


def _returns_cells(config: CouncilConfig, q: Quarter) -> tuple[str, str]:
    """The "returns" and "narrative" cells of a quarter's line."""
    folder = config.raw_quarter_dir(q)
    if not folder.is_dir():
        return "no returns folder", "-"
    got = sum(
        1
        for d in config.directorates
        if (folder / d.return_file).is_file() or (folder / f"{d.id}{fmt.CSV_SUFFIX}").is_file()
    )
    narrative = "yes" if (folder / fmt.NARRATIVE_FILE).is_file() else "no"
    return f"{got} received, {len(config.directorates) - got} missing", narrative


def _report_cell(config: CouncilConfig, q: Quarter, cache: dict[Path, str]) -> str:
    """The "report" cell of a quarter's line."""
    state = report_state(config, q, cache=cache)
    if state != "failed":
        return state
    if not (config.output_quarter_dir(q) / "appendix1.html").is_file():
        return "failed (no report)"
    previous = "current" if verify(config, q, cache=cache).current else "stale"
    return f"failed (previous report kept, {previous})"


def cmd_list(args: argparse.Namespace) -> int:
    """Print every quarter: returns received and missing, narrative, report state."""
    config = load_config(args.config)
    _repair(config)
    quarters = _known_quarters(config)
    if not quarters:
        print(
            f"No quarters yet: no returns folders in {display_path(config.raw_dir)}/ and no reports in "
            f'{display_path(config.outputs_dir)}/. Start one with: perflib new-quarter --quarter "..."'
        )
        return 0
    cache: dict[Path, str] = {}
    gaps = set(quarters_without_returns(config))
    rows = [
        (q.label, *_returns_cells(config, q), _report_cell(config, q, cache) + ("  (no returns at all)" * (q in gaps)))
        for q in sorted(quarters | gaps)
    ]
    headers = ("quarter", "returns", "narrative", "report")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if gaps:
        print()
        print(
            f"{len(gaps)} quarter(s) between the first and the latest have no returns at all: "
            f"{', '.join(g.label for g in sorted(gaps))}."
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Say whether the quarter's report is still current; 0 current, 1 stale or no manifest."""
    config = load_config(args.config)
    _repair(config)
    q: Quarter = args.quarter
    folder = config.output_quarter_dir(q)
    result = verify(config, q)
    rerun = f'rebuild it with: perflib run --quarter "{q.label}"'
    if result.status == "missing":
        why = (
            "there is no report yet"
            if not (folder / "appendix1.html").exists()
            else "the report has no manifest (made before manifests, or the file was removed)"
        )
        print(f"{q.label}: cannot verify: no {display_path(folder / MANIFEST_NAME)}; {why}. To make one, {rerun}")
        return 1
    manifest = result.manifest or {}
    n_inputs = len(manifest.get("inputs", {}))
    n_code = len(manifest.get("code_files") or {})
    made = (manifest.get("run") or {}).get("started_utc") or "an unknown time"
    if result.current:
        code = f" and none of the {n_code} files of perflib's code" if n_code else ""
        print(
            f"{q.label}: the report is current: none of its {n_inputs} input files{code} has changed "
            f"since it was made ({made})."
        )
    else:
        what = " and ".join(k for k in ("data", "code") if any(result.by_kind(k).values())) or "outputs"
        print(f"{q.label}: the report is STALE: its {what} changed since it was made ({made}).")
        lines = [(f"{label} ({k})", names) for k in ("data", "code") for label, names in result.by_kind(k).items()]
        for label, names in [*lines, ("output edited or missing", result.outputs_changed)]:
            for name in names:
                print(f"  {label + ':':<26}{name}")
        print(f"To bring it up to date, {rerun}")
    then = (manifest.get("code") or {}).get("git") or {}
    now = git_info()
    if then.get("available") and now.get("available"):
        if then.get("commit") != now.get("commit"):
            print(
                f"Note: the code was committed since: the report was made at commit {str(then['commit'])[:12]}, "
                f"the code is now at {str(now['commit'])[:12]}"
                + (" (the files it uses are unchanged)." if result.current else ".")
            )
        elif then.get("dirty"):
            print(f"Note: the report was made from code with uncommitted changes (commit {str(then['commit'])[:12]}).")
    return 0 if result.current else 1


def cmd_templates(args: argparse.Namespace) -> int:
    """Write the return templates of a quarter."""
    for path in write_templates(args.quarter, args.config, Path(args.out) if args.out else None):
        print(f"wrote {path}")
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    """Back-test the year-end forecasts, print the table and write outputs/backtest.json and .csv."""
    from perflib.workflow.backtest_run import run_backtest

    run_backtest(load_config(args.config), args.quarter, log=lambda line: print(line, flush=True))
    return 0
