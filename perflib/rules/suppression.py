"""Small-number suppression: figures that could identify a person are not published.

A PI marked ``sensitive: yes`` in the catalogue is about people. Before any
table, chart, sparkline, narrative or export:

* **primary suppression**: a count from 1 to ``min_count - 1`` (default 1 to
  4) is published as ``"<5"``; zero is shown;
* **rates on few people**: a rate whose denominator is below
  ``min_denominator`` (default 10) is not shown (``"[c]"``), nor are its
  numerator and denominator;
* **secondary suppression**: where a published total would reveal a hidden
  count, the total is hidden too (``"[c]"``). Here that is the year to date of
  a cumulative count whose quarter figure is hidden: last quarter's year to
  date is published, so this one would give the hidden quarter away.

The status is always worked out on the true value, and shown. The thresholds
are in ``data/methodology.yml`` (``suppression``), and nowhere else.
"""

from __future__ import annotations

import pandas as pd

from perflib.core.methodology import Suppression

#: What is published in place of a figure hidden by secondary or rate suppression.
CONFIDENTIAL = "[c]"


def label(min_count: int) -> str:
    """What is printed instead of a small count, e.g. ``"<5"``."""
    return f"<{min_count}"


def _sensitive(frame: pd.DataFrame) -> pd.Series:
    return frame["sensitive"].astype(str).str.lower().isin(["yes", "true"])


def mask(values: pd.Series, sensitive: pd.Series, unit: pd.Series, min_count: int) -> pd.Series:
    """True where a count must not be published (primary suppression).

    Parameters
    ----------
    values : Series of float
    sensitive : Series of str (``"yes"``/``"no"``) or bool
    unit : Series of str
    min_count : int
        Counts from 1 to ``min_count - 1`` are suppressed.
    """
    sens = sensitive.astype(str).str.lower().isin(["yes", "true"])
    v = values.astype(float)
    return (sens & unit.eq("count") & (v >= 1) & (v < min_count)).fillna(False).astype(bool)


def suppress_frame(frame: pd.DataFrame, columns: list[str], rule: Suppression) -> pd.DataFrame:
    """A copy of ``frame`` with every figure that must not be published replaced.

    Parameters
    ----------
    frame : DataFrame
        Scorecard-like rows with ``sensitive``, ``unit`` and the value
        ``columns``; ``measure_type``, ``quarter_value``, ``numerator``,
        ``denominator``, ``ytd_numerator`` and ``ytd_denominator`` are used when
        present.
    columns : list of str
        Columns holding the PI's figures.
    rule : Suppression
        The thresholds (``suppression`` in ``data/methodology.yml``).

    Returns
    -------
    DataFrame
        Suppressed cells hold ``"<5"`` (primary) or ``"[c]"`` (rate or
        secondary suppression); other cells are unchanged.
    """
    min_count, min_denominator = rule.min_count, rule.min_denominator
    out = frame.copy()
    sens = _sensitive(out)
    hide_all = pd.Series(False, index=out.index)
    # rates resting on few people: value, numerator and denominator all go
    for den_col in ("denominator", "ytd_denominator"):
        if den_col in out:
            d = pd.to_numeric(out[den_col], errors="coerce")
            hide_all |= (sens & d.notna() & (d < min_denominator)).fillna(False)
    # secondary: the year to date of a cumulative count whose quarter figure is hidden
    secondary = pd.Series(False, index=out.index)
    if "quarter_value" in out and "measure_type" in out:
        secondary = mask(out["quarter_value"], out["sensitive"], out["unit"], min_count) & out["measure_type"].eq(
            "cumulative"
        )
    for col in columns:
        if col not in out:
            continue
        primary = mask(out[col], out["sensitive"], out["unit"], min_count)
        conf = hide_all.copy()
        if col == "value":
            conf |= secondary & ~primary
        if col in ("numerator", "denominator", "ytd_numerator", "ytd_denominator"):
            conf = hide_all
        if primary.any() or conf.any():
            values = out[col].astype(object)
            values = values.where(~primary, label(min_count))
            values = values.where(~(conf & out[col].notna()), CONFIDENTIAL)
            out[col] = values
    return out


def suppress_derived(frame: pd.DataFrame, columns: list[str], rule: Suppression) -> pd.DataFrame:
    """A copy of ``frame`` with figures derived from a PI's current figures replaced where they must not be published.

    A year-end forecast or outturn is worked out from the PI's figures: this
    year's so far and the last years' (its profile and the outturn itself).
    Knowing the published ones, anyone could work a single hidden one back out
    of it. So every derived figure is ``"[c]"`` wherever the row's ``value`` or
    ``quarter_value`` is hidden (by any rule) or, when the frame says so in
    ``series_suppressed``, any figure of the PI's history is; and a derived
    count of people from 1 to ``min_count - 1`` is ``"<5"`` like any other.

    Parameters
    ----------
    frame : DataFrame
        Scorecard-like rows with ``sensitive``, ``unit``, ``value``,
        ``quarter_value``, the derived ``columns`` and optionally
        ``series_suppressed`` (True where the PI's history holds a hidden figure).
    columns : list of str
        The derived figures (e.g. ``forecast_outturn``).
    rule : Suppression
        The thresholds (``suppression`` in ``data/methodology.yml``).

    Returns
    -------
    DataFrame
        Suppressed cells of ``columns`` hold ``"<5"`` or ``"[c]"``.
    """
    sources = [c for c in ("value", "quarter_value") if c in frame]
    shown = suppress_frame(frame, sources, rule)
    source_hidden = shown[sources].map(lambda x: isinstance(x, str)).any(axis=1)
    if "series_suppressed" in frame:
        source_hidden |= frame["series_suppressed"].fillna(False).astype(bool)
    out = frame.copy()
    for col in columns:
        if col not in out:
            continue
        primary = mask(out[col], out["sensitive"], out["unit"], rule.min_count)
        conf = source_hidden & out[col].notna()
        if primary.any() or conf.any():
            values = out[col].astype(object).where(~primary, label(rule.min_count))
            out[col] = values.where(~conf, CONFIDENTIAL)
    return out


def suppressed_series(panel: pd.DataFrame, rule: Suppression) -> set[str]:
    """The PIs with a hidden figure (value or quarter's own figure) anywhere in ``panel``.

    Parameters
    ----------
    panel : DataFrame
        Rated rows with ``pi_code``, ``sensitive``, ``unit``, ``measure_type``, ``value`` and ``quarter_value``.
    rule : Suppression

    Returns
    -------
    set of str
    """
    hidden = suppress_frame(panel, ["value", "quarter_value"], rule)
    is_hidden = hidden[["value", "quarter_value"]].map(lambda x: isinstance(x, str)).any(axis=1)
    return set(hidden.loc[is_hidden, "pi_code"])
