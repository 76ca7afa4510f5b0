"""Write the illustrative DfE-layout comparator source (EHC plans issued within 20 weeks, NS08).

Two overlapping releases of a fictional SEN2 ``sen2_mi.csv`` and their mapping
YAML (see ``perflib/comparator_sample.py``; deterministic). Nothing is written
unless a folder is given.

Usage::

    python scripts/make_dfe_sample.py --out DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perflib.comparator_sample import write_dfe_sample  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Write the sample files into ``--out``; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write into (created if needed)")
    args = parser.parse_args(argv)
    for path in write_dfe_sample(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
