"""Charts for the report, drawn with seaborn, each with alt text that states its numbers.

Every chart is returned as a :class:`Figure`: a PNG embedded in the page as a
data URI (no external files, no network), with alt text and a caption. The
alt text says what the chart shows in numbers, never just "chart".
"""

from __future__ import annotations

import base64
import html
import io
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import matplotlib
import matplotlib.text

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter, MaxNLocator

from perflib.report import palette
from perflib.report.wording import STATUS_COLOURS, format_value, pct
from perflib.rules import status as rules

if TYPE_CHECKING:  # forecast_charts imports this module
    from perflib.report.forecast_charts import YearView

#: Print resolution: sharp on A4 and no bigger than it needs to be.
DPI = 150
#: The smallest chart text on a phone, in CSS px: a chart is never shown so small that its
#: smallest text is below this (it scrolls sideways inside its own box instead).
PHONE_TEXT_PX = 9.0
FONT = "DejaVu Sans"

sns.set_theme(
    style="whitegrid",
    context="paper",
    font=FONT,
    rc={
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "svg.hashsalt": "perflib",
        "path.simplify": True,
    },
)


@dataclass(frozen=True)
class Figure:
    """A rendered chart: PNG bytes, alt text and caption."""

    png: bytes
    alt: str
    caption: str
    #: The size of the chart's smallest text, in points (as drawn at :data:`DPI`).
    smallest_text_pt: float = 8.0

    @property
    def width_px(self) -> int:
        """The PNG's width in pixels (from its header)."""
        return int.from_bytes(self.png[16:20], "big") if self.png[:8] == b"\x89PNG\r\n\x1a\n" else 0

    def phone_width(self) -> int:
        """The narrowest CSS width at which the smallest text is still :data:`PHONE_TEXT_PX` high.

        Returns
        -------
        int
            ``PHONE_TEXT_PX`` over the text's height in image pixels, times the image's width.
        """
        text_px = self.smallest_text_pt * DPI / 72
        return math.ceil(PHONE_TEXT_PX / text_px * self.width_px) if text_px > 0 else 0

    def to_html(self) -> str:
        """``<figure>`` with the image embedded as a data URI.

        On a phone the image is never narrower than :meth:`phone_width` (the CSS
        custom property ``--phone-width``): a wider chart scrolls sideways inside
        its figure, which can take keyboard focus, so its text stays legible.
        """
        data = base64.b64encode(self.png).decode("ascii")
        return (
            f'<figure class="chart" tabindex="0" style="--phone-width: {self.phone_width()}px">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}">'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def render(fig: plt.Figure, alt: str, caption: str) -> Figure:
    """PNG bytes of ``fig`` at print resolution, with its alt text, caption and smallest text size; closes ``fig``."""
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Figure(buf.getvalue(), alt, caption, float(min(sizes)) if sizes else 8.0)


def value_axis(ax: plt.Axes, label: str, unit: str) -> None:
    """Label a chart's value axis with its unit and format its ticks (``1,234``; ``62.5``)."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))
    ax.set_ylabel(
        label + (" (%)" if unit == "percent" else f" ({unit})" if unit in ("days", "seconds", "weeks") else "")
    )


def status_counts(
    statuses: pd.Series,
    order: tuple[str, ...],
    labels: dict[str, str] | None = None,
    of: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Count of each status in ``order`` (zeros kept), with labels and shares.

    Parameters
    ----------
    statuses : Series of str
    order : tuple of str
    labels : dict, optional
        Status -> label shown.
    of : tuple of str, optional
        The statuses whose total is the denominator of the shares (default: all
        of ``order``); other statuses have no share (``share_text`` ``""``).

    Returns
    -------
    DataFrame
        ``status``, ``label``, ``count``, ``share`` (percent, NaN where none) and
        ``share_text`` (as printed everywhere: :func:`perflib.report.wording.pct`).
    """
    counts = statuses.value_counts().reindex(list(order), fill_value=0)
    base = [s for s in counts.index if of is None or s in of]
    total = int(counts[base].sum())
    return pd.DataFrame(
        {
            "status": counts.index,
            "label": [(labels or {}).get(s, s) for s in counts.index],
            "count": counts.to_numpy(dtype=int),
            "share": [(c / total * 100 if total else 0.0) if s in base else np.nan for s, c in counts.items()],
            "share_text": [pct(int(c), total) if s in base and total else "" for s, c in counts.items()],
        }
    )


def status_by_group_chart(
    frame: pd.DataFrame,
    group: str,
    status: str,
    order: tuple[str, ...],
    title: str,
    what: str,
    labels: dict[str, str] | None = None,
) -> Figure:
    """Stacked horizontal bars: status counts for each group (e.g. priority).

    Parameters
    ----------
    frame : DataFrame
        One row per item with the ``group`` and ``status`` columns.
    group, status : str
        Column names.
    order : tuple of str
        Status order (also the stacking order).
    title, what : str
        Title and what is counted.
    labels : dict, optional
        Status -> legend label.
    """
    labels = labels or {}
    table = pd.crosstab(frame[group], frame[status]).reindex(columns=list(order), fill_value=0)
    groups = list(dict.fromkeys(frame[group]))
    table = table.reindex(groups, fill_value=0)
    fig, ax = plt.subplots(figsize=(6.3, 0.55 * len(groups) + 1.3))
    left = pd.Series(0, index=table.index)
    for st in order:
        vals = table[st]
        if vals.sum() == 0:
            continue
        ax.barh(
            range(len(groups)),
            vals,
            left=left,
            color=STATUS_COLOURS.get(st, "#999999"),
            edgecolor="#333333",
            linewidth=0.5,
            label=labels.get(st, st),
        )
        for i, (v, l0) in enumerate(zip(vals, left, strict=True)):
            if v > 0:
                ax.text(
                    l0 + v / 2,
                    i,
                    str(int(v)),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#000000",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
                )
        left = left + vals
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_yticks(range(len(groups)), [textwrap.fill(g, 24) for g in groups])
    ax.invert_yaxis()
    ax.set_xlabel(f"Number of {what}")
    ax.set_title(title, loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=min(len(order), 4), fontsize=8, frameon=False)
    sns.despine(ax=ax, left=True)
    parts = []
    for g in groups:
        row = table.loc[g]
        bits = ", ".join(f"{labels.get(s, s)} {int(row[s])}" for s in order if row[s] > 0)
        parts.append(f"{g}: {bits or 'none'}")
    alt = f"Stacked bar chart of {what} by status for each group. " + "; ".join(parts) + "."
    return render(fig, alt, title)


def series_chart(
    history: pd.DataFrame, title: str, unit: str, decimals: int, value_label: str, year: YearView | None = None
) -> Figure:
    """A PI's values over time with its target line (and this year so far and its forecast, when given).

    Parameters
    ----------
    history : DataFrame
        Columns ``quarter``, ``value``, ``target`` (NA where none) and
        ``status``, oldest first, only periods with a value.
    title : str
        The PI's code and title.
    unit : str
    decimals : int
    value_label : str
        What the value is (e.g. "Year to date"), for the axis.
    year : YearView, optional
        Drawn as a panel on the right (:mod:`perflib.report.forecast_charts`).
    """
    # imported here: forecast_charts formats its axis with this module's value_axis
    from perflib.report.forecast_charts import alt_text, draw_year, figure_axes, legend

    data = history.reset_index(drop=True)
    fig, ax, year_ax = figure_axes(year, (6.3, 2.7))
    x = list(range(len(data)))
    ax.plot(x, data["value"], color="#1f1f1f", linewidth=1.4, marker="o", markersize=3.5, label="Value")
    markers = {rules.GREEN: "o", rules.AMBER: "^", rules.RED: "X"}
    for st, mk in markers.items():
        sel = data["status"].eq(st)
        if sel.any():
            ax.scatter(
                [i for i, s in zip(x, sel, strict=True) if s],
                data.loc[sel, "value"],
                marker=mk,
                s=38,
                color=STATUS_COLOURS[st],
                edgecolor="#1f1f1f",
                linewidth=0.5,
                zorder=3,
                label=st,
            )
    if "target_upper" in data and data["target_upper"].notna().any():
        ax.fill_between(
            x,
            data["target"],
            data["target_upper"],
            step="mid",
            color=palette.TARGET_BAND,
            alpha=palette.TARGET_BAND_ALPHA,
            lw=0,
            label="Target range",
        )
    elif data["target"].notna().any():
        ax.step(x, data["target"], where="mid", color=palette.TARGET, linestyle="--", linewidth=1.2, label="Target")
    step = max(1, math.ceil(len(x) / 7))
    ticks = x[::-1][::step][::-1]  # always label the latest period
    ax.set_xticks(ticks, [data["quarter"].iloc[i].replace(" ", "\n") for i in ticks])
    value_axis(ax, value_label, unit)
    ax.set_title(title, loc="left")
    legend(ax, year_ax, draw_year(year_ax, year, palette.TARGET, "--") if year and year_ax else [])
    sns.despine(fig=fig)
    first, last = data.iloc[0], data.iloc[-1]
    tgt = last["target"]
    if pd.notna(tgt) and "target_upper" in data and pd.notna(last["target_upper"]):
        tgt_text = (
            f"; target range {format_value(tgt, unit, decimals)} to "
            f"{format_value(last['target_upper'], unit, decimals)}"
        )
    else:
        tgt_text = f"; target {format_value(tgt, unit, decimals)}" if pd.notna(tgt) else "; no target"
    low = data.loc[data["value"].idxmin()]
    high = data.loc[data["value"].idxmax()]
    alt = (
        f"Line chart of {title} over {len(data)} periods, from {format_value(first['value'], unit, decimals)} "
        f"in {first['quarter']} to {format_value(last['value'], unit, decimals)} in {last['quarter']}"
        f" ({last['status']}{tgt_text}). Lowest {format_value(low['value'], unit, decimals)} in {low['quarter']}, "
        f"highest {format_value(high['value'], unit, decimals)} in {high['quarter']}."
    )
    return render(fig, alt + alt_text(year), title)


def sparkline_svg(values: list[float], unit: str, decimals: int, periods: list[str]) -> str:
    """A tiny inline SVG line of recent values, with a text equivalent.

    Returns an empty string when there are fewer than two values.
    """
    vals = [v for v in values if v is not None and not pd.isna(v)]
    if len(vals) < 2:
        return '<span class="muted">Too few values</span>'
    w, h, pad = 84.0, 22.0, 2.0
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    pts = []
    for i, v in enumerate(vals):
        px = pad + i * (w - 2 * pad) / (len(vals) - 1)
        py = h - pad - (v - lo) / span * (h - 2 * pad)
        pts.append(f"{px:.1f},{py:.1f}")
    label = "Recent values: " + ", ".join(
        f"{p} {format_value(v, unit, decimals)}" for p, v in zip(periods[-len(vals) :], vals, strict=False)
    )
    last_x, last_y = pts[-1].split(",")
    return (
        f'<svg class="spark" width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" role="img" '
        f'aria-label="{html.escape(label)}"><title>{html.escape(label)}</title>'
        f'<polyline fill="none" stroke="#1f1f1f" stroke-width="1.3" points="{" ".join(pts)}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="#1f1f1f"/></svg>'
    )


__all__ = [
    "Figure",
    "status_counts",
    "status_by_group_chart",
    "series_chart",
    "render",
    "value_axis",
    "sparkline_svg",
]
