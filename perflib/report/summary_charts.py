"""The summary's compact status chart: one stacked bar per quarter, every segment labelled with its number.

The summary page has room for one small chart each for Flagship Actions and
PIs. A stacked bar shows the whole at a glance; for PIs a second, thinner
bar shows last quarter, so the sentence "up from 27 of 43 rated last
quarter" has its numbers in the chart beside it. A legend names each status
with this quarter's number (and share), so neither colour nor width is the
only way to read it, and the alt text gives every number of every bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd

from perflib.report.charts import Figure, render
from perflib.report.wording import STATUS_COLOURS

#: Segments narrower than this share of their bar carry no number inside (the legend and alt text still give it).
_MIN_LABELLED = 0.06


def _described(label: str, counts: pd.DataFrame, share_of: str) -> str:
    """One bar in words: "2023-24 Q3: Green 28 (61%), Amber 7 (15%), ... Shares are of the 46 rated PIs."."""
    parts = ", ".join(
        f"{lab} {int(c)}" + (f" ({s})" if s else "")
        for lab, c, s in zip(counts["label"], counts["count"], counts["share_text"], strict=True)
    )
    return f"{label}: {parts}." + (f" {share_of}" if share_of else "")


def status_strip(bars: Sequence[tuple[str, pd.DataFrame, str]], title: str, what: str) -> Figure:
    """Stacked horizontal bars of status counts, the first (this quarter) full height, earlier ones thinner.

    Parameters
    ----------
    bars : sequence of (label, counts, share_of)
        Each bar's label (e.g. ``"2023-24 Q3"``), its counts from
        :func:`perflib.report.charts.status_counts` (``status``, ``label``,
        ``count``, ``share_text``) and what its shares are of (e.g. ``"Shares
        are of the 46 rated PIs."``, or ``""``). The first bar is this quarter.
    title : str
        Chart title (also the caption).
    what : str
        What is counted, e.g. ``"Performance Indicators"``.

    Returns
    -------
    Figure
        Statuses with a count of 0 are not drawn; the alt text names every
        status of every bar, zeros included.
    """
    first = bars[0][1]
    fig, ax = plt.subplots(figsize=(3.4, 1.0 + 0.3 * len(bars)))
    widest = max(int(c["count"].sum()) for _, c, _ in bars) or 1
    for i, (_, counts, _) in enumerate(bars):
        total = int(counts["count"].sum())
        left = 0
        for r in counts[counts["count"] > 0].itertuples():
            n = int(r.count)
            ax.barh(
                -i,
                n,
                left=left,
                height=0.7 if i == 0 else 0.45,
                color=STATUS_COLOURS.get(r.status, "#999999"),
                edgecolor="#1f1f1f",
                lw=0.6,
            )
            if total and n / total >= _MIN_LABELLED:
                ax.text(
                    left + n / 2,
                    -i,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="#000000",
                    bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.9),
                )
            left += n
    ax.set_xlim(0, widest)
    ax.set_ylim(-len(bars) + 0.5, 0.5)
    ax.set_yticks([-i for i in range(len(bars))], [label for label, _, _ in bars], fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.grid(False)
    ax.set_title(title, loc="left", fontsize=8.5)
    shown = first[first["count"] > 0]
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=STATUS_COLOURS.get(s, "#999999"), ec="#1f1f1f", lw=0.6)
        for s in shown["status"]
    ]
    names = [
        f"{lab} {int(c)}" + (f" ({t})" if t else "")
        for lab, c, t in zip(shown["label"], shown["count"], shown["share_text"], strict=True)
    ]
    if handles:
        ax.legend(
            handles,
            names,
            loc="upper left",
            bbox_to_anchor=(0, -0.02),
            ncol=2,
            fontsize=7.5,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.0,
        )
    total = int(first["count"].sum())
    alt = f"Bar chart of {total} {what} by status. " + " ".join(_described(lab, c, s) for lab, c, s in bars)
    return render(fig, alt, title)
