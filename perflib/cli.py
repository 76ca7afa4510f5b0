"""The ``perflib`` command: what an analyst types.

``perflib run --quarter "2023-24 Q3"``      build Appendix 1 (HTML, PDF, scorecard)
``perflib validate --quarter "2023-24 Q3"`` check the quarter's returns

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
    return parser


def _validate(args: argparse.Namespace) -> int:
    from perflib.pipeline import prepare_quarter

    prepared = prepare_quarter(args.quarter, args.config, write=False)
    problems = prepared.problems
    for line in problems.itertuples():
        from perflib.validation import Problem

        p = Problem(**{k: ("" if v is None else v) for k, v in line._asdict().items() if k != "Index"})
        print(p.line())
    errors = int(problems["severity"].eq("error").sum())
    warnings = int(problems["severity"].eq("warning").sum())
    print(f"{args.quarter.label}: {errors} error(s), {warnings} warning(s)")
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
    except (ConfigError, CatalogueError) as exc:
        print(f"perflib: {exc}", file=sys.stderr)
        return 1
    except RunFailed as exc:
        print(f"perflib: run failed: {exc}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
