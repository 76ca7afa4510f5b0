"""The ``perflib`` command: what an analyst types (also ``python -m perflib``).

``perflib new-quarter --quarter "2024-25 Q1"``  start a quarter: returns folder and templates
``perflib validate --quarter "2023-24 Q3"``     check the quarter's returns
``perflib run --quarter "2023-24 Q3"``          build Appendix 1 (HTML, PDF, scorecard, manifest)
``perflib run --all``                           build every quarter that has returns, in parallel
``perflib list``                                quarters, returns received and report state
``perflib verify --quarter "2023-24 Q3"``       is the report still current with its inputs?
``perflib templates --quarter "2024-25 Q1"``    blank returns for services to fill in

Exit codes: 0 success (warnings allowed), 1 errors in the data, a failed run,
or a report that is not current; 2 a usage error (for example a quarter
written in a form perflib does not accept). Bad input never produces a Python
traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perflib import paths
from perflib.quarters import ACCEPTED_FORMS, Quarter, QuarterError

DESCRIPTION = """\
Build the council's quarterly Strategic Performance Report (Appendix 1) from the
returns the services send in.

A quarter is written "2023-24 Q3" (also "2023/24 Q3" or "2023-24-Q3").
"""

EPILOG = """\
the quarter, step by step:
  perflib new-quarter --quarter "2024-25 Q1"   make data/raw/2024-25-Q1/ and the return templates
  perflib validate --quarter "2024-25 Q1"      check the returns once they are in
  perflib run --quarter "2024-25 Q1"           build the report in outputs/2024-25-Q1/
  perflib verify --quarter "2024-25 Q1"        later: has anything changed since?

exit codes: 0 done (warnings allowed); 1 errors in the data, a failed run, or a
report that is out of date; 2 the command was mistyped.
Use "perflib COMMAND --help" for the details of a command.
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep descriptions as written, and each command name on one line with its help."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=24)
        self._action_max_length = 17


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a clear line
        self.print_usage(sys.stderr)
        print(f"perflib: {message}", file=sys.stderr)
        raise SystemExit(2)


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except QuarterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help an analyst can follow.

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = _Parser(prog="perflib", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=_Formatter)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND",
                                title="commands")
    common = _Parser(add_help=False)
    common.add_argument("--config", default=str(paths.DEFAULT_CONFIG),
                        help="council configuration file (default: data/council.yml)")
    q_help = f"the quarter, written {ACCEPTED_FORMS}"

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=summary, description=description,
                              formatter_class=_Formatter)

    new = add("new-quarter", "start a quarter: make its returns folder and the return templates",
              "Make the returns folder data/raw/<quarter>/ (returns go there as <directorate>.xlsx, and the\n"
              "narrative as narrative.xlsx) and write one return template per directorate to\n"
              "outputs/templates/<quarter>/, ready to send out. Returns already in the folder are never touched.")
    new.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    val = add("validate", "check a quarter's returns and list every problem",
              "Check every return of the quarter and list each problem with its file, sheet, row and column;\n"
              "write data_quality.csv. Exit code 1 if there are errors (the report can still be built:\n"
              "the affected indicators show 'No data').")
    val.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    run = add("run", "build the report: check, run the notebooks, export HTML, PDF and scorecard",
              "Build Appendix 1 for a quarter: check the returns (a one-line summary is printed), run the\n"
              "notebooks, export appendix1.html and appendix1.pdf, write scorecard.csv/.xlsx,\n"
              "data_quality.csv and manifest.json into outputs/<quarter>/. The previous report is only\n"
              "replaced when every step succeeds; if a step fails it is kept and one line says why.\n"
              "The prepare notebook is skipped when data/processed/<quarter>/ was made from the same\n"
              "inputs and code (it is reused); --rebuild always runs it.")
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", type=_quarter, help=q_help)
    which.add_argument("--all", action="store_true",
                       help="every quarter that has a returns folder, several at once (one per processor core, "
                            "newest first); each worker makes the processed data itself, reading each return once")
    run.add_argument("--rebuild", action="store_true",
                     help="run the prepare notebook even when the processed data is current")

    add("list", "list the quarters: returns received and missing, and the state of each report",
        "List every quarter with a returns folder or a report: returns received and missing, whether\n"
        "there is a narrative, and the report's state:\n"
        "  none     no report yet\n"
        "  current  the report matches its inputs\n"
        "  stale    inputs changed since the report was made (perflib verify says which)\n"
        "  failed   the last run failed; any previous report is kept")

    ver = add("verify", "check whether a report is still current with its inputs",
              "Hash the report's inputs again (council and methodology files, catalogue, every return and\n"
              "narrative up to the quarter, comparator files, the notebooks) and compare with\n"
              "outputs/<quarter>/manifest.json.\n"
              "Exit code 0 if the report is current; 1 if it is stale (lists the files changed, added or\n"
              "removed) or has no manifest.")
    ver.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    tpl = add("templates", "write blank return workbooks for a quarter, one per directorate",
              "Write one return workbook per directorate, pre-filled with its indicators and their recent\n"
              "values, to outputs/templates/<quarter>/ (or --out).")
    tpl.add_argument("--quarter", type=_quarter, required=True, help=q_help)
    tpl.add_argument("--out", default=None, help="folder to write to (default: outputs/templates/<quarter>/)")
    return parser


def _show(path: Path) -> str:
    """A path as the analyst should see it: relative to the project root when inside it."""
    p = Path(path).resolve()
    try:
        return p.relative_to(paths.PROJECT_ROOT).as_posix()
    except ValueError:
        return str(p)


def _validate(args: argparse.Namespace) -> int:
    """Print the data-quality report for a quarter and write data_quality.csv; 1 if any errors."""
    from perflib.config import load_config
    from perflib.pipeline import prepare_quarter
    from perflib.validation import problems_from_frame, write_data_quality_csv

    config = load_config(args.config)
    prepared = prepare_quarter(args.quarter, config, write=False)
    q = args.quarter
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
    target = config.output_quarter_dir(q) / "data_quality.csv"
    write_data_quality_csv(prepared.problems, q.label, target)
    print()
    print(f"{q.label}: {len(errors)} error(s), {len(warnings)} warning(s); written to {target}")
    return 1 if errors else 0


def _new_quarter(args: argparse.Namespace) -> int:
    """Make the quarter's returns folder and write its return templates."""
    from perflib.config import load_config
    from perflib.return_templates import write_templates

    config = load_config(args.config)
    q: Quarter = args.quarter
    folder = config.raw_quarter_dir(q)
    if folder.exists():
        present = [p for p in folder.iterdir() if not p.name.startswith(".")]
        print(f"{q.label}: the returns folder {_show(folder)}/ already exists ({len(present)} file(s)); "
              "nothing in it was changed.")
    else:
        folder.mkdir(parents=True)
        print(f"{q.label}: made the returns folder {_show(folder)}/")
    written = write_templates(q, config)
    out_dir = written[0].parent if written else config.outputs_dir / "templates" / q.slug
    print(f"{q.label}: wrote {len(written)} return template(s) to {_show(out_dir)}/:")
    for path in written:
        print(f"  {path.name}")
    print()
    print("Next: send each directorate its template. Save the completed returns in "
          f"{_show(folder)}/ as <directorate>.xlsx")
    print(f"and the narrative as narrative.xlsx, then check them with: perflib validate --quarter \"{q.label}\"")
    return 0


def _run(args: argparse.Namespace) -> int:
    """Build one quarter, or every quarter with --all."""
    from perflib.run import run_all, run_quarter

    if args.all:
        result = run_all(args.config, log=lambda line: print(line, flush=True), rebuild=args.rebuild)
        return 0 if result.ok else 1
    run_quarter(args.quarter, args.config, log=lambda line: print(line, flush=True), rebuild=args.rebuild)
    return 0


def _list(args: argparse.Namespace) -> int:
    """Print every quarter: returns received and missing, narrative, report state."""
    from perflib import returns_format as fmt
    from perflib.config import load_config
    from perflib.manifest import report_state, verify
    from perflib.returns import available_quarters

    config = load_config(args.config)
    quarters = set(available_quarters(config))
    if config.outputs_dir.is_dir():
        for child in config.outputs_dir.iterdir():
            if child.is_dir() and not child.name.startswith("."):
                try:
                    quarters.add(Quarter.parse(child.name))
                except QuarterError:
                    continue
    if not quarters:
        print(f"No quarters yet: no returns folders in {_show(config.raw_dir)}/ and no reports in "
              f"{_show(config.outputs_dir)}/. Start one with: perflib new-quarter --quarter \"...\"")
        return 0
    n_dir = len(config.directorates)
    cache: dict[Path, str] = {}
    rows = []
    for q in sorted(quarters):
        folder = config.raw_quarter_dir(q)
        if folder.is_dir():
            got = sum(1 for d in config.directorates
                      if (folder / d.return_file).is_file() or (folder / f"{d.id}{fmt.CSV_SUFFIX}").is_file())
            returns = f"{got} received, {n_dir - got} missing"
            narrative = "yes" if (folder / fmt.NARRATIVE_FILE).is_file() else "no"
        else:
            returns, narrative = "no returns folder", "-"
        state = report_state(config, q, cache=cache)
        if state == "failed":
            kept = config.output_quarter_dir(q) / "appendix1.html"
            if kept.is_file():
                previous = "current" if verify(config, q, cache=cache).current else "stale"
                state = f"failed (previous report kept, {previous})"
            else:
                state = "failed (no report)"
        rows.append((q.label, returns, narrative, state))
    headers = ("quarter", "returns", "narrative", "report")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for row in (headers, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return 0


def _verify(args: argparse.Namespace) -> int:
    """Say whether the quarter's report is still current; 0 current, 1 stale or no manifest."""
    from perflib.config import load_config
    from perflib.manifest import MANIFEST_NAME, git_info, verify

    config = load_config(args.config)
    q: Quarter = args.quarter
    folder = config.output_quarter_dir(q)
    result = verify(config, q)
    rerun = f"rebuild it with: perflib run --quarter \"{q.label}\""
    if result.status == "missing":
        why = ("there is no report yet" if not (folder / "appendix1.html").exists()
               else "the report has no manifest (made before manifests, or the file was removed)")
        print(f"{q.label}: cannot verify: no {_show(folder / MANIFEST_NAME)}; {why}. To make one, {rerun}")
        return 1
    manifest = result.manifest or {}
    n_inputs = len(manifest.get("inputs", {}))
    made = (manifest.get("run") or {}).get("started_utc") or "an unknown time"
    if result.current:
        print(f"{q.label}: the report is current: none of its {n_inputs} input files has changed "
              f"since it was made ({made}).")
    else:
        print(f"{q.label}: the report is STALE: files changed since it was made ({made}).")
        for label, names in (("changed", result.changed), ("added", result.added), ("removed", result.removed),
                             ("output edited or missing", result.outputs_changed)):
            for name in names:
                print(f"  {label + ':':<26}{name}")
        print(f"To bring it up to date, {rerun}")
    then = (manifest.get("code") or {}).get("git") or {}
    now = git_info()
    if then.get("available") and now.get("available"):
        if then.get("commit") != now.get("commit"):
            print(f"Note: the code has changed since: the report was made at commit {str(then['commit'])[:12]}, "
                  f"the code is now at {str(now['commit'])[:12]}.")
        elif then.get("dirty"):
            print(f"Note: the report was made from code with uncommitted changes (commit {str(then['commit'])[:12]}).")
    return 0 if result.current else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``perflib`` command.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code.
    """
    args = build_parser().parse_args(argv)
    from perflib.catalogue import CatalogueError
    from perflib.config import ConfigError
    from perflib.run import RunFailed

    try:
        if args.command == "run":
            return _run(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "new-quarter":
            return _new_quarter(args)
        if args.command == "list":
            return _list(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "templates":
            from perflib.return_templates import write_templates

            for path in write_templates(args.quarter, args.config, Path(args.out) if args.out else None):
                print(f"wrote {path}")
            return 0
    except (ConfigError, CatalogueError) as exc:
        print(f"perflib: {exc}", file=sys.stderr)
        return 1
    except RunFailed as exc:
        print(f"perflib: run failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("perflib: interrupted; a report that was not finished was left as it was", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
