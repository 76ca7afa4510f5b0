"""Overlapping releases and missing figures across comparator files.

Every DfE release repeats earlier years, often with revisions. When the same
area, PI and period is in two files, the newer release wins: the file with
the later ``released`` date; a file without one counts as older than any file
with one; with equal or no dates, the later in order (mapping files by name,
then files in the order the mapping lists them, oldest first). One warning
per pair of files names both and counts the rows replaced, and how many of
them had a different figure. Missing figures (markers, blanks, 0/0 rows) are
one warning per file with their counts. Neither is ever an error.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from perflib.core.problems import WARNING, Problem
from perflib.inputs.comparator_values import MARKER_MEANINGS

#: What makes two rows the same figure: area, PI and period.
KEY = ["area_code", "indicator_id", "period_type", "period_start", "period_end"]


def _why_newer(rows: pd.DataFrame) -> str:
    released = rows["released"].iloc[0]
    return f"released {released:%d %B %Y}" if isinstance(released, dt.date) else "later in the list"


def _overlap_warning(older: pd.DataFrame, newer: pd.DataFrame) -> Problem:
    old_file, new_file = older["file"].iloc[0], newer["file"].iloc[0]
    merged = older.merge(newer, on=KEY, suffixes=("_old", "_new"))
    changed = int((merged["value_old"].fillna(-1e300) != merged["value_new"].fillna(-1e300)).sum())
    pis = ", ".join(sorted(merged["indicator_id"].unique()))
    return Problem(
        WARNING,
        new_file,
        message=f"releases overlap: {len(merged)} row(s) for {pis} (areas of the group) are in both {old_file} and "
        f"{new_file}; the newer release, {new_file} ({_why_newer(newer)}), was used, replacing "
        f"{len(merged)} row(s) of {old_file} ({changed} with a different figure)",
        pi_code=pis if "," not in pis else "",
    )


def resolve_overlaps(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Keep the newest release of each area, PI and period (see the module docstring).

    Parameters
    ----------
    rows : DataFrame
        Rows of every file, with ``_released`` (the release date, or the
        earliest date when none is given), ``_order`` (the mapping's place)
        and ``_file_order`` (the file's place in its mapping): the highest wins.

    Returns
    -------
    DataFrame
        One row per area, PI and period.
    list of Problem
        One warning per pair of files that overlap.
    """
    if not len(rows):
        return rows, []
    ordered = rows.sort_values(["_released", "_order", "_file_order"], kind="stable")
    newest = ordered.drop_duplicates(KEY, keep="last")
    replaced = ordered.drop(newest.index)
    if not len(replaced):
        return newest, []
    winner_file = replaced[KEY].merge(newest[[*KEY, "file"]], on=KEY, how="left")["file"].to_numpy()
    pairs = replaced.assign(_winner=winner_file)
    problems = [
        _overlap_warning(group.drop(columns="_winner"), newest[newest["file"].eq(winner)])
        for (_, winner), group in pairs.groupby(["file", "_winner"], sort=True)
    ]
    return newest, problems


def missing_problems(missing: pd.DataFrame) -> list[Problem]:
    """One warning per file with missing figures, counting each kind (never an error).

    Parameters
    ----------
    missing : DataFrame
        From :func:`perflib.inputs.comparator_values.missing_counts`.

    Returns
    -------
    list of Problem
    """
    out = []
    for file, counts in missing.groupby("file", sort=True):
        parts = [
            f"{n} {marker!r} ({MARKER_MEANINGS.get(marker, marker)})"
            for marker, n in zip(counts["marker"], counts["cells"], strict=True)
        ]
        out.append(
            Problem(
                WARNING,
                str(file),
                message=f"{int(counts['cells'].sum())} comparator figure(s) are missing, which is not an error: "
                f"{', '.join(parts)}; those areas have no figure for those periods",
            )
        )
    return out
