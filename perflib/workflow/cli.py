"""The ``perflib`` command: what an analyst types (also ``python -m perflib``).

``perflib new-quarter --quarter "2024-25 Q1"``  start a quarter: returns folder and templates
``perflib validate --quarter "2023-24 Q3"``     check the quarter's returns
``perflib run --quarter "2023-24 Q3"``          build Appendix 1 (HTML, PDF, scorecard, manifest)
``perflib run --all``                           build every quarter that has returns, in parallel
``perflib list``                                quarters, returns received and report state
``perflib verify --quarter "2023-24 Q3"``       is the report still current with its inputs?
``perflib templates --quarter "2024-25 Q1"``    blank returns for services to fill in
``perflib backtest``                            how good the year-end forecasts were on past years
``perflib lab --quarter "2024-25 Q1"``          JupyterLab on the notebooks, opened on a quarter

Exit codes (:data:`EXIT_CODES`, the same in the README and ``--help``): 0 done
(warnings allowed); 1 errors in the data (``run`` still publishes the report
unless no return at all could be used; ``run --allow-errors`` exits 0 then),
a failed run, a quarter with no returns folder, or a report that is not
current; 2 a usage error (for example a quarter written in a form perflib does
not accept). Bad input never produces a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from perflib.core import paths
from perflib.core.methodology import ConfigError
from perflib.core.quarters import ACCEPTED_FORMS, Quarter, QuarterError
from perflib.workflow import speed

#: What each exit code means (README, ``--help`` and tests say the same).
EXIT_CODES = {
    0: "done (warnings allowed)",
    1: "errors in the data, a failed run, a quarter with no returns folder, or a report that is not current",
    2: "the command was mistyped",
}

DESCRIPTION = """\
Build the council's quarterly Strategic Performance Report (Appendix 1) from the
returns the services send in.

A quarter is written "2023-24 Q3" (also "2023/24 Q3" or "2023-24-Q3").
"""

EPILOG = (
    """\
the quarter, step by step:
  perflib new-quarter --quarter "2024-25 Q1"   make data/raw/2024-25-Q1/ and the return templates
  perflib validate --quarter "2024-25 Q1"      check the returns once they are in
  perflib run --quarter "2024-25 Q1"           build the report in outputs/2024-25-Q1/
  perflib verify --quarter "2024-25 Q1"        later: has anything changed since?
  perflib lab --quarter "2024-25 Q1"           work on the notebooks in JupyterLab

exit codes:
"""
    + "".join(f"  {code}  {meaning}\n" for code, meaning in EXIT_CODES.items())
    + """\
  (run still publishes the report when the returns have errors, and exits 1; with
  --allow-errors it exits 0 then, unless no return at all could be used)
Use "perflib COMMAND --help" for the details of a command.
"""
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep descriptions as written, and each command name on one line with its help."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=24)
        self._action_max_length = 17


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2 with a clear line
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
    parser = _Parser(prog="perflib", description=DESCRIPTION, epilog=EPILOG, formatter_class=_Formatter)
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND", title="commands"
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--config", default=str(paths.DEFAULT_CONFIG), help="council configuration file (default: data/council.yml)"
    )
    q_help = f"the quarter, written {ACCEPTED_FORMS}"

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=summary, description=description, formatter_class=_Formatter)

    new = add(
        "new-quarter",
        "start a quarter: make its returns folder and the return templates",
        "Make the returns folder data/raw/<quarter>/ (returns go there as <directorate>.xlsx, and the\n"
        "narrative as narrative.xlsx) and write one return template per directorate to\n"
        "outputs/templates/<quarter>/, ready to send out. Returns already in the folder are never touched.",
    )
    new.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    val = add(
        "validate",
        "check a quarter's returns and list every problem",
        "Check every return of the quarter and the narrative, and list each problem with its file,\n"
        "sheet, row and column; name quarters before it that have no returns at all; write\n"
        "data_quality.csv to outputs/.checks/<quarter>/ (the published report is never touched).\n"
        "Exit code 1 if there are errors (the report can still be built: the affected indicators\n"
        "show 'No data'), or if the quarter has no returns folder (nothing is written then; start\n"
        "the quarter with new-quarter).",
    )
    val.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    run = add(
        "run",
        "build the report: check, run the notebooks, export HTML, PDF and scorecard",
        "Build Appendix 1 for a quarter: check the returns (a one-line summary is printed), run the\n"
        "notebooks, export appendix1.html and appendix1.pdf, write scorecard.csv/.xlsx,\n"
        "data_quality.csv and manifest.json into outputs/<quarter>/. The previous report is only\n"
        "replaced when every step succeeds; if a step fails it is kept and one line says why.\n"
        "The prepare notebook is skipped when data/processed/<quarter>/ was made from the same\n"
        "inputs and code (it is reused); --rebuild always runs it.\n"
        "Exit code 1 when the run failed, or when the report was built but the returns have errors\n"
        "(the affected indicators show 'No data'; --allow-errors exits 0 then) or none could be used.",
    )
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("--quarter", type=_quarter, help=q_help)
    which.add_argument(
        "--all",
        action="store_true",
        help="every quarter that has a returns folder, several at once (one per processor core, "
        "newest first); each worker makes the processed data itself, reading each return once",
    )
    run.add_argument(
        "--rebuild", action="store_true", help="run the prepare notebook even when the processed data is current"
    )
    run.add_argument(
        "--allow-errors",
        action="store_true",
        help="exit 0 when the report is built although the returns have errors (they are still listed); "
        "a quarter where no return at all could be used still exits 1",
    )

    add(
        "list",
        "list the quarters: returns received and missing, and the state of each report",
        "List every quarter with a returns folder or a report: returns received and missing, whether\n"
        "there is a narrative, and the report's state:\n"
        "  none     no report yet\n"
        "  current  the report matches its inputs\n"
        "  stale    inputs changed since the report was made (perflib verify says which)\n"
        "  failed   the last run failed; any previous report is kept",
    )

    ver = add(
        "verify",
        "check whether a report is still current with its inputs",
        "Hash the report's inputs again (data: council and methodology files, catalogue, every return\n"
        "and narrative up to the quarter, comparator files; code: the notebooks' cells and every file\n"
        "of perflib as it is on disk, templates and stylesheet included, committed or not) and compare\n"
        "with outputs/<quarter>/manifest.json. Outputs, metadata and parameter values saved in a\n"
        "notebook are not code.\n"
        "Exit code 0 if the report is current; 1 if it is stale (lists the data and code files\n"
        "changed, added or removed) or has no manifest.",
    )
    ver.add_argument("--quarter", type=_quarter, required=True, help=q_help)

    tpl = add(
        "templates",
        "write blank return workbooks for a quarter, one per directorate",
        "Write one return workbook per directorate, pre-filled with its indicators and their recent\n"
        "values, to outputs/templates/<quarter>/ (or --out).",
    )
    tpl.add_argument("--quarter", type=_quarter, required=True, help=q_help)
    tpl.add_argument("--out", default=None, help="folder to write to (default: outputs/templates/<quarter>/)")

    bt = add(
        "backtest",
        "score the year-end forecasts on past years; write outputs/backtest.json",
        "Make again the year-end forecasts a report at Q1, Q2 and Q3 of every complete past year would\n"
        "have shown, with only the data of the day, and compare them with what happened: how often the\n"
        "80% interval held the outturn, and the Brier score of the probability of meeting the target\n"
        "against the naive forecast 'the current status holds'. Prints the table and writes\n"
        "outputs/backtest.json (the scores) and outputs/backtest.csv (every forecast and its outcome).",
    )
    bt.add_argument(
        "--quarter", type=_quarter, default=None, help=q_help + " (the last quarter of data; default: the latest)"
    )
    lab = add(
        "lab",
        "open JupyterLab on the notebooks, with a quarter already set",
        "Start JupyterLab on notebooks/ with the perflib kernel. With --quarter each notebook opens with\n"
        "that quarter in its parameters cell, so Run All works on it without editing the cell (the file\n"
        "keeps its default). Saving never writes outputs or a quarter into the committed notebooks: the\n"
        "save hook make setup installs strips them. make lab QUARTER=... runs this.",
    )
    lab.add_argument("--quarter", type=_quarter, default=None, help=q_help + " (default: the committed default)")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="more arguments for jupyter lab (after --)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``perflib`` command and return its exit code.

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
    from perflib.inputs.catalogue import CatalogueError
    from perflib.workflow import commands
    from perflib.workflow.outputs import RunFailed

    command = {
        "run": commands.cmd_run,
        "validate": commands.cmd_validate,
        "new-quarter": commands.cmd_new_quarter,
        "list": commands.cmd_list,
        "verify": commands.cmd_verify,
        "templates": commands.cmd_templates,
        "backtest": commands.cmd_backtest,
        "lab": commands.cmd_lab,
    }
    try:
        return command[args.command](args)
    except (ConfigError, CatalogueError) as exc:
        print(f"perflib: {exc}", file=sys.stderr)
        return 1
    except RunFailed as exc:
        print(f"perflib: run failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("perflib: interrupted; a report that was not finished was left as it was", file=sys.stderr)
        return 130
    except OSError as exc:  # a read-only or full outputs folder, say: one line, never a traceback
        print(f"perflib: {os_error_line(exc)}", file=sys.stderr)
        return 1


def os_error_line(exc: OSError) -> str:
    """One line for a file-system error: what failed, on which file, and what to check.

    Parameters
    ----------
    exc : OSError

    Returns
    -------
    str
        e.g. ``"cannot write outputs/.lock-2023-24-Q3: Permission denied (check that the folder can
        be written and the disk has space); no report was changed"``.
    """
    import errno

    from perflib.core.paths import display_path

    where = f" {display_path(exc.filename)}" if exc.filename else ""
    line = f"cannot write{where}: {exc.strerror or type(exc).__name__}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT):
        line += " (check that the folder can be written and the disk has space)"
    return line + "; no report was changed"


def entry() -> None:
    """The ``perflib`` console script and ``python -m perflib``: :func:`main`, then a fast exit.

    Both entry points behave the same, exit codes included (see
    :func:`perflib.workflow.speed.exit_fast`).
    """
    speed.exit_fast(main())
