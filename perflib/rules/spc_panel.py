"""SPC of every PI's history at once: the points and limits behind the charts, and each PI's verdict.

The method is :mod:`perflib.rules.spc`; this module applies it to the rated
panel, honouring each PI's baseline and rebase quarters from the catalogue.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perflib.core.quarters import Quarter
from perflib.inputs.catalogue import Catalogue
from perflib.rules.spc import (
    CATALOGUE_COLUMNS,
    NO_ASSURANCE,
    POINT_COLUMNS,
    TOO_FEW,
    _variation_of,
    assurance,
    min_points_or_default,
)
from perflib.rules.spc_rules import segment_spc


# --------------------------------------------------------------------------- panels
def _rebase_quarters(text: object) -> list[int]:
    """Quarter indices from ``"2021-22 Q1; 2022-23 Q3"`` (blank gives none)."""
    if text is None or (not isinstance(text, (str, list, tuple)) and pd.isna(text)):
        return []
    parts = text.split(";") if isinstance(text, str) else list(text)  # type: ignore[call-overload]
    return [Quarter.parse(p).index for p in (str(x).strip() for x in parts) if p]


def _settings(panel: pd.DataFrame, catalogue: Catalogue | pd.DataFrame | None) -> pd.DataFrame:
    """Baseline and rebase quarters per PI, from the catalogue or the panel's own columns."""
    source: pd.DataFrame = panel if catalogue is None else getattr(catalogue, "indicators", catalogue)
    first = source.drop_duplicates("pi_code").set_index("pi_code")
    out = pd.DataFrame(index=pd.Index(panel["pi_code"].drop_duplicates().to_numpy(), name="pi_code"))
    for col in CATALOGUE_COLUMNS:
        out[col] = out.index.map(first[col]) if col in first else pd.NA
    return out


def _figures(panel: pd.DataFrame, quarter_index: int, cumulative_own_figure: bool) -> pd.DataFrame:
    """Every due period with a figure, up to ``quarter_index``, with the target it is judged against."""
    codes, _ = pd.factorize(panel["pi_code"], sort=False)  # 0, 1, ... in the panel's PI order
    order = np.lexsort((panel["quarter_index"].to_numpy(), codes))  # by PI, then time (stable)
    needed = [
        c
        for c in (
            "pi_code",
            "quarter_index",
            "quarter",
            "q",
            "due",
            "value",
            "quarter_value",
            "measure_type",
            "unit",
            "good_direction",
            "target",
            "target_upper",
        )
        if c in panel
    ]
    work = panel[needed].take(order)
    code = codes[order]
    same_pi = np.r_[False, code[1:] == code[:-1]]  # the row before is the same PI's
    qi = work["quarter_index"].to_numpy(dtype=np.int64)
    measure = work["measure_type"].to_numpy(dtype=object)
    cumulative = (measure == "cumulative") if cumulative_own_figure else np.zeros(len(work), dtype=bool)
    figure = np.where(cumulative, work["quarter_value"].to_numpy(dtype=float), work["value"].to_numpy(dtype=float))
    target = work["target"].to_numpy(dtype=float)
    prev = np.r_[np.nan, target[:-1]]
    prev_q = np.r_[-1, qi[:-1]]
    count = cumulative & (work["unit"].to_numpy(dtype=object) == "count") & (work["q"].to_numpy() > 1)
    step = target - np.where(same_pi & (prev_q == qi - 1), prev, np.nan)
    target = np.where(count, step, target)
    upper = work["target_upper"].to_numpy(dtype=float) if "target_upper" in work else np.full(len(work), np.nan)
    keep = (qi <= quarter_index) & work["due"].to_numpy(dtype=bool) & ~np.isnan(figure)
    return pd.DataFrame(
        {
            "pi_code": work["pi_code"].to_numpy(dtype=object)[keep],
            "quarter_index": qi[keep].astype(int),
            "quarter": work["quarter"].to_numpy(dtype=object)[keep],
            "good_direction": work["good_direction"].to_numpy(dtype=object)[keep],
            "figure": figure[keep],
            "target": target[keep],
            "target_upper": upper[keep],
        }
    )


def spc_points(
    panel: pd.DataFrame,
    quarter_index: int,
    catalogue: Catalogue | pd.DataFrame | None = None,
    cumulative_own_figure: bool = True,
    min_points: int | None = None,
) -> pd.DataFrame:
    """SPC of every PI's history up to and including ``quarter_index``, point by point.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (:func:`perflib.pipeline.build_panel`): ``pi_code``,
        ``quarter_index``, ``quarter``, ``q``, ``due``, ``value``,
        ``quarter_value``, ``measure_type``, ``unit``, ``good_direction``,
        ``target``, ``target_upper``.
    quarter_index : int
        The report quarter's :attr:`perflib.quarters.Quarter.index`; later
        rows are never used.
    catalogue : Catalogue or DataFrame, optional
        Gives ``spc_baseline`` and ``spc_rebase`` per ``pi_code``; by default
        they are taken from the panel's own columns when it has them.
    cumulative_own_figure : bool
        Chart cumulative PIs on the quarter's own figure (default) rather
        than the year to date.
    min_points : int, optional
        Fewest points for limits (default ``spc.min_points`` in
        ``data/methodology.yml``).

    Returns
    -------
    DataFrame
        One row per PI per point (due periods with a figure, oldest first, in
        the panel's PI order): ``pi_code``, ``quarter_index``, ``quarter``,
        ``good_direction`` and the columns of :func:`spc_series`, where
        ``value`` is the figure charted and ``target`` the target it is
        judged against.
    """
    figures = _figures(panel, quarter_index, cumulative_own_figure)
    columns = ["pi_code", "quarter_index", "quarter", "good_direction", *POINT_COLUMNS]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    settings = _settings(panel, catalogue)
    codes = figures["pi_code"].to_numpy()
    qis = figures["quarter_index"].to_numpy()
    n = len(figures)
    code_start = np.r_[True, codes[1:] != codes[:-1]]
    code_id = np.cumsum(code_start) - 1
    code_first = np.flatnonzero(code_start)
    pos_in_code = np.arange(n) - code_first[code_id]

    # Baselines and rebases, per PI (few PIs have them; SPC of each segment is then vectorised).
    baseline = pd.to_numeric(figures["pi_code"].map(settings["spc_baseline"]), errors="coerce").to_numpy(float)
    fewest = min_points_or_default(min_points)
    short = baseline[~np.isnan(baseline)]
    if (short < fewest).any():
        raise ValueError(f"a baseline needs at least {fewest} points, not {int(short.min())}")
    segment = np.zeros(n, dtype=int)
    rebased = settings["spc_rebase"].dropna()
    for code, text in rebased.items():
        rebase_at = _rebase_quarters(text)
        if not rebase_at:
            continue
        rows = np.flatnonzero(codes == code)
        if not len(rows):
            continue
        own = qis[rows]
        cuts = sorted({int(np.searchsorted(own, r, side="left")) for r in rebase_at if r <= quarter_index})
        cuts = [c for c in cuts if 0 < c < len(own)]
        segment[rows] = np.searchsorted(np.asarray(cuts, dtype=int), pos_in_code[rows], side="right")
    seg_start = code_start | np.r_[False, segment[1:] != segment[:-1]]
    gid = np.cumsum(seg_start) - 1

    y = figures["figure"].to_numpy(dtype=float)
    directions = figures["good_direction"].to_numpy(dtype=object)
    sign = np.where(directions == "higher", 1, np.where(directions == "lower", -1, 0))  # good_sign, vectorised
    res = segment_spc(y, gid, sign, baseline, fewest)
    cols: dict[str, object] = {
        "pi_code": codes,
        "quarter_index": qis.astype(int),
        "quarter": figures["quarter"].to_numpy(),
        "good_direction": figures["good_direction"].to_numpy(),
        "value": y,
        "segment": segment,
        **res,
        "target": figures["target"].to_numpy(dtype=float),
        "target_upper": figures["target_upper"].to_numpy(dtype=float),
    }
    kinds = {
        "segment": int,
        "side_of_mean": int,
        "signal": int,
        "mr_screened": bool,
        "outside": bool,
        "trend": bool,
        "two_of_three": bool,
        "run": bool,
        "special_cause": bool,
        "pi_code": object,
        "quarter": object,
        "good_direction": object,
        "rule": object,
        "point_class": object,
    }
    return pd.DataFrame(
        {c: np.asarray(cols[c], dtype=kinds.get(c, float if c != "quarter_index" else int)) for c in columns}
    )


def spc_summary(
    panel: pd.DataFrame,
    quarter_index: int,
    catalogue: Catalogue | pd.DataFrame | None = None,
    cumulative_own_figure: bool = True,
    points: pd.DataFrame | None = None,
    min_points: int | None = None,
) -> pd.DataFrame:
    """Variation and assurance of every PI for the report quarter.

    Parameters
    ----------
    panel : DataFrame
        The rated panel (see :func:`spc_points`).
    quarter_index : int
        The report quarter's index; later rows are never used.
    catalogue : Catalogue or DataFrame, optional
        ``spc_baseline`` and ``spc_rebase`` per PI (see :func:`spc_points`).
    cumulative_own_figure : bool
        See :func:`spc_points`.
    points : DataFrame, optional
        The panel's :func:`spc_points` with the same arguments, when already
        worked out (it is not worked out twice).

    Returns
    -------
    DataFrame
        One row per ``pi_code`` of the panel, in its order:
        ``spc_variation`` (one of :data:`VARIATIONS`), ``spc_assurance`` (one
        of :data:`ASSURANCES`), ``n_points`` (points in the whole history),
        ``mean``, ``lcl``, ``ucl`` (the latest segment's; NaN with too few
        points), ``spc_rule`` (the rule that marks the last point, ``""`` if
        none), ``spc_last_period`` and ``spc_last_value`` (the last point),
        ``spc_target`` and ``spc_target_upper`` (what assurance used) and
        ``spc_figure`` (``"quarter's own figure"`` for cumulative PIs,
        otherwise ``"value"``).
    """
    if points is None:
        points = spc_points(panel, quarter_index, catalogue, cumulative_own_figure, min_points)
    first = panel.drop_duplicates("pi_code").set_index("pi_code")
    codes = first.index
    own = (first["measure_type"] == "cumulative") & cumulative_own_figure
    out = pd.DataFrame(
        {
            "pi_code": codes.to_numpy(),
            "spc_variation": TOO_FEW,
            "spc_assurance": NO_ASSURANCE,
            "n_points": 0,
            "mean": np.nan,
            "lcl": np.nan,
            "ucl": np.nan,
            "spc_rule": "",
            "spc_last_period": None,
            "spc_last_value": np.nan,
            "spc_target": np.nan,
            "spc_target_upper": np.nan,
            "spc_figure": np.where(own.to_numpy(), "quarter's own figure", "value"),
        }
    )
    if len(points):
        last = points.drop_duplicates("pi_code", keep="last").set_index("pi_code")
        counts = points.groupby("pi_code", sort=False).size()
        where = out["pi_code"].isin(last.index).to_numpy()
        lx = last.loc[out.loc[where, "pi_code"]]
        directions = first["good_direction"].reindex(lx.index).to_numpy()
        out.loc[where, "spc_variation"] = [_variation_of(c) for c in lx["point_class"]]
        out.loc[where, "spc_assurance"] = [
            assurance(lo, up, d, t, tu)
            for lo, up, d, t, tu in zip(lx["lcl"], lx["ucl"], directions, lx["target"], lx["target_upper"], strict=True)
        ]
        out.loc[where, "n_points"] = counts.reindex(lx.index).to_numpy()
        for col, src in (
            ("mean", "mean"),
            ("lcl", "lcl"),
            ("ucl", "ucl"),
            ("spc_rule", "rule"),
            ("spc_last_period", "quarter"),
            ("spc_last_value", "value"),
            ("spc_target", "target"),
            ("spc_target_upper", "target_upper"),
        ):
            out.loc[where, col] = lx[src].to_numpy()
    out["n_points"] = out["n_points"].astype(int)
    for col in ("mean", "lcl", "ucl", "spc_last_value", "spc_target", "spc_target_upper"):
        out[col] = out[col].astype(float)
    return out
