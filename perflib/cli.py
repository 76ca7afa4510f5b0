"""The ``perflib`` command: what an analyst types.

``perflib run --quarter "2023-24 Q3"``      build Appendix 1 (HTML, PDF, scorecard)
``perflib validate --quarter "2023-24 Q3"`` check the quarter's returns
``perflib templates --quarter "2024-25 Q1"`` blank returns for services to fill in

Exit codes: 0 success (warnings allowed), 1 errors in the data or a failed run,
2 a usage error (for example a quarter written in a form perflib does not
accept). Bad input never produces a Python traceback.
"""

from __future__ import annotations

import argparse
import sys

from perflib import paths
from perflib.quarters import ACCEPTED_FORMS, Quarter, QuarterError


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
    """The argument parser, with help an analyst can follow."""
    parser = _Parser(prog="perflib", description="Build the council's quarterly Strategic Performance Report "
                     "(Appendix 1) from the services' returns.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--config", default=str(paths.DEFAULT_CONFIG),
                        help="council configuration file (default: data/council.yml)")
    q_help = f"the quarter, written {ACCEPTED_FORMS}"
    run = sub.add_parser("run", parents=[common], help="validate, run the notebooks, export HTML, PDF and scorecard")
    run.add_argument("--quarter", type=_quarter, required=True, help=q_help)
    val = sub.add_parser("validate", parents=[common], help="check a quarter's returns and list every problem")
    val.add_argument("--quarter", type=_quarter, required=True, help=q_help)
    tpl = sub.add_parser("templates", parents=[common],
                         help="write blank return workbooks for a coming quarter, one per directorate")
    tpl.add_argument("--quarter", type=_quarter, required=True, help=q_help)
    tpl.add_argument("--out", default=None, help="folder to write to (default: outputs/templates/<quarter>/)")
    return parser


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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``perflib`` command."""
    args = build_parser().parse_args(argv)
    from perflib.catalogue import CatalogueError
    from perflib.config import ConfigError
    from perflib.run import RunFailed, run_quarter

    try:
        if args.command == "run":
            run_quarter(args.quarter, args.config)
            return 0
        if args.command == "validate":
            return _validate(args)
        if args.command == "templates":
            from pathlib import Path

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
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
