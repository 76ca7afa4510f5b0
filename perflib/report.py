"""The sections of Appendix 1, as HTML the notebook displays.

:class:`Report` loads a quarter's processed data and returns each section as
an :class:`HTML` object (shown in JupyterLab, exported by nbconvert). Sections
are rendered by Jinja2 with autoescaping, so text from the returns is always
shown as text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from perflib import charts, narrative, paths, rules, suppression, trends
from perflib.rollups import rollup
from perflib.config import CouncilConfig, load_config
from perflib.formatting import (FA_LABELS, FA_ORDER, STATUS_SYMBOLS, css_class, direction_text,
                                format_target, format_value, pct, plural, trend_text)
from perflib.pipeline import Prepared, load_prepared
from perflib.quarters import Quarter

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(paths.TEMPLATES_DIR / "report"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=False,
)
_ENV.globals.update(status_class=css_class, symbol=lambda s: STATUS_SYMBOLS.get(s, ""))

FREQUENCY_TEXT = {"quarterly": "Quarterly", "annual": "Annual", "biennial": "Every two years"}
DIRECTION_SHORT = {"higher": "Higher", "lower": "Lower", "range": "In range"}
MEASURE_TEXT = {"in_quarter": "in quarter", "cumulative": "year to date", "snapshot": "at quarter end"}
MAX_PROBLEMS_SHOWN = 40


@dataclass(frozen=True)
class HTML:
    """A piece of report HTML; JupyterLab and nbconvert show it as HTML."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _macro(name: str, *args: Any) -> HTML:
    module = _ENV.get_template("sections.html.j2").module
    return HTML(str(getattr(module, name)(*args)))


def _isnan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


class Report:
    """Appendix 1 for one quarter.

    Parameters
    ----------
    quarter : str or Quarter
        The report quarter.
    config : CouncilConfig or path, optional
        The council configuration (default ``data/council.yml``).
    prepared : Prepared, optional
        Processed data; read from ``data/processed/<quarter>/`` when omitted.
    """

    def __init__(self, quarter: str | Quarter, config: CouncilConfig | str | Path | None = None,
                 prepared: Prepared | None = None):
        self.quarter = Quarter.parse(quarter)
        self.config = config if isinstance(config, CouncilConfig) else load_config(config or paths.DEFAULT_CONFIG)
        self.data = prepared or load_prepared(self.quarter, self.config)
        self.card = self.data.scorecard
        self.panel = self.data.panel
        prev_idx = self.quarter.index - 1
        prev = self.panel[self.panel["quarter_index"] == prev_idx]
        self.previous_statuses = prev["status"] if not prev.empty else None
        # What may be published: small counts of people and what would reveal them are hidden.
        cols = ["value", "quarter_value", "last_value"]
        self._published = suppression.suppress_frame(
            self.card, cols, self.config.suppress_below, self.config.suppress_denominator_below
        ).set_index("pi_code")[cols]
        hidden = suppression.suppress_frame(self.panel, ["value", "quarter_value"], self.config.suppress_below,
                                            self.config.suppress_denominator_below)
        is_hidden = hidden[["value", "quarter_value"]].map(lambda x: isinstance(x, str)).any(axis=1)
        self._hidden_series = set(hidden.loc[is_hidden, "pi_code"])
        self._challenges = narrative.key_challenges(self.card)
        self._improvers = narrative.key_improvers(self.card, self.panel, self.quarter.index)

    # ------------------------------------------------------------------ basics
    @property
    def title(self) -> str:
        """Document title, used for the HTML ``<title>`` and the PDF metadata."""
        return f"{self.config.appendix_title}: {self.quarter.label}, {self.config.council_name}"

    def _common(self) -> dict[str, Any]:
        c = self.config
        end = self.quarter.end_date
        return {
            "council": c.council_name, "appendix_title": c.appendix_title, "report_title": c.report_title,
            "quarter_label": self.quarter.label, "q": self.quarter.q, "financial_year": self.quarter.financial_year,
            "months": self.quarter.months, "period_end": f"{end.day} {end:%B %Y}", "notice": c.illustrative_notice,
            "plan_name": c.plan_name or "corporate plan", "priorities": c.priorities,
        }

    def _row(self, r: pd.Series) -> dict[str, Any]:
        """View of one scorecard row for the templates."""
        d = r.to_dict()
        unit, dec = d["unit"], int(d["decimals"])
        status = d["status"]
        published = self._published.loc[d["pi_code"]]

        def show(column: str) -> str:
            shown = published[column]
            return shown if isinstance(shown, str) else format_value(d[column], unit, dec)

        if status == rules.NOT_DUE:
            value_text = "Not due"
            if not _isnan(d.get("last_value")):
                value_text += f" (last: {show('last_value')}, {d['last_period']})"
        elif status == rules.NO_DATA:
            value_text = "No data"
        else:
            value_text = show("value")
        reason = d["status_reason"] if status == rules.NO_DATA else ""
        hist = self.panel[(self.panel["pi_code"] == d["pi_code"]) & self.panel["value"].notna()].tail(8)
        meta = [FREQUENCY_TEXT[d["frequency"]], MEASURE_TEXT[d["measure_type"]], direction_text(d["good_direction"]).lower()]
        run = int(d.get("red_run") or 0)
        return {
            **d,
            "value_text": value_text,
            "target_text": format_target(d) if status not in (rules.NOT_DUE,) else "",
            "reason": reason,
            "short_text": trend_text(d["short_trend"]),
            "long_text": trend_text(d["long_trend"]),
            "spark": ('<span class="muted">Not shown (small numbers)</span>'
                      if d["pi_code"] in self._hidden_series
                      else charts.sparkline_svg(hist["value"].tolist(), unit, dec, hist["quarter"].tolist())),
            "meta": " \u00b7 ".join(meta),
            "direction_text": DIRECTION_SHORT[d["good_direction"]],
            "frequency_text": FREQUENCY_TEXT[d["frequency"]],
            "run_text": (f"Red for {run} reported periods running" if run >= narrative.PERSISTENT_RED else ""),
            "commentary": "" if _isnan(d.get("commentary")) else str(d.get("commentary")),
            "corrective_action": "" if _isnan(d.get("corrective_action")) else str(d.get("corrective_action")),
            "show_commentary": True,
            "spc_text": self._spc_text(d),
            "bench_text": self._bench_text(d, short=True),
            "bench_long": self._bench_text(d, short=False),
        }

    # ---------------------------------------------------------------- headlines
    def pi_headline(self, card: pd.DataFrame | None = None, previous: pd.Series | None = None) -> str:
        """Headline sentence on PI status (all PIs unless ``card`` is given)."""
        card = self.card if card is None else card
        prev = self.previous_statuses if previous is None and card is self.card else previous
        return narrative.pi_headline(card["status"], prev)

    def fa_headline(self, actions: pd.DataFrame | None = None) -> str:
        """Headline sentence on Flagship Actions."""
        actions = self.data.actions if actions is None else actions
        return narrative.fa_headline(actions["rag"])

    def _challenge_headline(self) -> str:
        n = len(self._challenges)
        persistent = int(self._challenges["persistent"].sum()) if n else 0
        if n == 0:
            return "No PI is Red this quarter."
        return (f"{plural(n, 'PI')} {'is' if n == 1 else 'are'} Red this quarter and listed as key challenges"
                + (f", {persistent} of them Red for {narrative.PERSISTENT_RED} or more periods running." if persistent else "."))

    def _improver_headline(self) -> str:
        n = len(self._improvers)
        if n == 0:
            return "No PI met the key improver rule this quarter."
        names = ", ".join(f"{r.pi_code} {r.title}" for r in self._improvers.itertuples())
        return f"Key improvers over the year: {names}."

    def _returns_headline(self) -> str:
        rec = self.data.receipts
        got = int(rec["state"].eq("received").sum())
        total = len(rec)
        missing = rec[~rec["state"].eq("received")]
        text = f"{got} of {plural(total, 'directorate return')} {'was' if got == 1 else 'were'} received and used."
        if len(missing):
            names = ", ".join(f"{r.directorate_name} ({'not received' if r.state == 'missing' else 'could not be used'})"
                              for r in missing.itertuples())
            text += f" Missing or unusable: {names}; their PIs are shown as No data."
        return text

    def _problems_headline(self) -> str:
        p = self.data.problems
        e, w = int(p["severity"].eq("error").sum()), int(p["severity"].eq("warning").sum())
        if e == 0 and w == 0:
            return "No data-quality problems were found in the returns."
        return (f"Checks found {plural(e, 'error')} (figures not used) and {plural(w, 'warning')} "
                "(figures used after a correction, or information only).")

    # ----------------------------------------------------------------- sections
    def title_block(self) -> HTML:
        """The title: council, appendix title, quarter and the illustrative notice."""
        return _macro("title_block", self._common())

    def summary(self) -> HTML:
        """Summary: headline counts and what changed since last quarter."""
        return _macro("summary", {**self._common(), "fa_headline": self.fa_headline(),
                                  "pi_headline": self.pi_headline(), "challenge_headline": self._challenge_headline(),
                                  "improver_headline": self._improver_headline(),
                                  "returns_headline": self._returns_headline(), "changes": self.changes()})

    def changes(self) -> list[str]:
        """PIs whose status changed between Green, Amber and Red since last quarter."""
        prev = self.panel[self.panel["quarter_index"] == self.quarter.index - 1][["pi_code", "status"]]
        if prev.empty:
            return []
        both = self.card.merge(prev.rename(columns={"status": "before"}), on="pi_code")
        moved = both[both["status"].isin(rules.RATED) & both["before"].isin(rules.RATED)
                     & both["status"].ne(both["before"])]
        rank = narrative.STATUS_RANK
        better = moved[moved["status"].map(rank) > moved["before"].map(rank)]
        worse = moved[moved["status"].map(rank) < moved["before"].map(rank)]
        out = []
        if len(better):
            out.append(f"Improved status ({len(better)}): " + "; ".join(
                f"{r.pi_code} {r.title} ({r.before} to {r.status})" for r in better.itertuples()) + ".")
        if len(worse):
            out.append(f"Worse status ({len(worse)}): " + "; ".join(
                f"{r.pi_code} {r.title} ({r.before} to {r.status})" for r in worse.itertuples()) + ".")
        if not out:
            out.append("No rated PI changed status since last quarter.")
        return out

    def contents(self) -> HTML:
        """The table of contents."""
        items = [{"id": "summary", "title": "Summary"},
                 {"id": "overall", "title": "Overall performance"}]
        items += [{"id": f"priority-{p.id}", "title": f"Performance by priority: {p.name}"}
                  for p in self.config.priorities]
        items += [{"id": "key-challenges", "title": "Key challenges"},
                  {"id": "key-improvers", "title": "Key improvers"},
                  {"id": "spc", "title": "Is the change real? Statistical process control"},
                  {"id": "data-quality", "title": "Data quality and returns"},
                  {"id": "scorecard", "title": "Appendix 2: Corporate scorecard"},
                  {"id": "key", "title": "Key to statuses and arrows"},
                  {"id": "method", "title": "Method notes"}]
        return _macro("contents", items)

    def overall(self) -> HTML:
        """Overall status of all Flagship Actions and all PIs, with charts."""
        fa = self.data.actions
        fa_counts = charts.status_counts(fa["rag"], FA_ORDER, FA_LABELS)
        pi_counts = charts.status_counts(self.card["status"], rules.STATUSES)
        fa_rows = [{"status": FA_LABELS[s], "rag": s, "count": int(c), "share": pct(int(c), len(fa))}
                   for s, c in zip(fa_counts["status"], fa_counts["count"])]
        pi_rows = [{"status": s, "rag": s, "count": int(c), "share": pct(int(c), len(self.card))}
                   for s, c in zip(pi_counts["status"], pi_counts["count"])]
        fa_chart = charts.status_bar_chart(fa_counts, f"Flagship Action lines by status, {self.quarter.label}",
                                           "Flagship Action lines")
        pi_chart = charts.status_bar_chart(pi_counts.assign(label=pi_counts["status"]),
                                           f"Performance Indicators by status, {self.quarter.label}",
                                           "Performance Indicators")
        by_priority = charts.status_by_group_chart(self.card, "priority_name", "status", rules.STATUSES,
                                                   f"PI status by priority, {self.quarter.label}",
                                                   "Performance Indicators")
        return _macro("overall", {**self._common(), "fa_headline": self.fa_headline(), "pi_headline": self.pi_headline(),
                                  "by_priority": self._rollup_view("priority_name"),
                                  "by_directorate": self._rollup_view("directorate_name"),
                                  "fa_counts": fa_rows, "pi_counts": pi_rows, "fa_chart": fa_chart.to_html(),
                                  "pi_chart": pi_chart.to_html(), "pi_priority_chart": by_priority.to_html(),
                                  "fa_parents": fa["parent_code"].nunique(), "fa_lines": len(fa)})

    def _rollup_view(self, by: str) -> dict[str, Any]:
        """Counts of each PI status per group (and All), for the roll-up tables."""
        long = rollup(self.card, by)
        rows = []
        for name, grp in long.groupby(by, sort=False):
            counts = grp.set_index("status")["count"]
            rated = int(sum(counts.get(s, 0) for s in rules.RATED))
            green = int(counts.get(rules.GREEN, 0))
            rows.append({"name": name, "counts": [int(counts.get(s, 0)) for s in rules.STATUSES],
                         "total": int(counts.sum()), "green_share": pct(green, rated) if rated else "n/a",
                         "is_total": name == "All"})
        return {"statuses": rules.STATUSES, "rows": rows}

    def priority(self, priority_id: str) -> HTML:
        """One priority: its FAs, PI table, key achievements and areas for improvement."""
        name = self.config.priority_name(priority_id)
        card = self.card[self.card["priority"] == priority_id]
        actions = self.data.actions[self.data.actions["priority"] == priority_id]
        prev = None
        if self.previous_statuses is not None:
            prev_panel = self.panel[(self.panel["quarter_index"] == self.quarter.index - 1)
                                    & (self.panel["priority"] == priority_id)]
            prev = prev_panel["status"]
        narr = self.data.narrative
        narr = narr[narr["priority"] == priority_id].sort_values("order")
        chart = charts.status_bar_chart(
            charts.status_counts(card["status"], rules.STATUSES).pipe(lambda d: d.assign(label=d["status"])),
            f"PI status: {name}, {self.quarter.label}", "Performance Indicators")
        return _macro("priority", {
            "id": priority_id, "name": name, "quarter_label": self.quarter.label,
            "fa_headline": self.fa_headline(actions),
            "pi_headline": narrative.pi_headline(card["status"], prev),
            "actions": actions.assign(status_reason=actions["status_reason"]).to_dict("records"),
            "pis": [self._row(r) for _, r in card.iterrows()],
            "chart": chart.to_html(),
            "achievements": narr[narr["kind"] == "achievement"]["text"].tolist(),
            "improvements": narr[narr["kind"] == "improvement"]["text"].tolist(),
        })

    def priorities(self) -> list[HTML]:
        """Every priority section, in the order of ``data/council.yml``."""
        return [self.priority(p.id) for p in self.config.priorities]

    def _small(self, row: dict[str, Any], value: Any) -> bool:
        """Whether ``value`` of this PI is a small count that must not be published."""
        return suppression.is_small(None if _isnan(value) else value, row.get("sensitive", "no"), row["unit"],
                                    self.config.suppress_below)

    @staticmethod
    def _spc_text(d: dict[str, Any]) -> str:
        variation, assurance = d.get("spc_variation"), d.get("spc_assurance")
        if _isnan(variation) or not variation:
            return "Not assessed"
        if variation == "Too few points":
            return "Too few points to assess (fewer than 12)"
        return f"{variation}; assurance: {assurance}"

    def _bench_text(self, d: dict[str, Any], short: bool) -> str:
        n = d.get("benchmark_n")
        rank, quartile = d.get("benchmark_rank"), d.get("benchmark_quartile")
        if _isnan(n) or not n or _isnan(rank):
            return "\u2013" if short else "No comparator data"
        q = "" if _isnan(quartile) else f"quartile {int(quartile)}, "
        if short:
            return f"{q}rank {int(rank)} of {int(n)}"
        median = format_value(d.get("benchmark_median"), d["unit"], int(d["decimals"]))
        return (f"Rank {int(rank)} of {int(n)} in {d.get('benchmark_group')} ({q}1 is best); group median {median} "
                f"({d.get('benchmark_method')}, {d.get('benchmark_period')})")

    def _comparison(self, row: dict[str, Any]) -> str:
        """The council against its comparator group for one PI ("" without comparator figures)."""
        comparators = getattr(self.data, "comparators", None)
        if comparators is None or not len(comparators) or row["pi_code"] in self._hidden_series:
            return ""
        mine = comparators[comparators["pi_code"] == row["pi_code"]]
        if len(mine) < 2 or _isnan(row.get("benchmark_median")):
            return ""
        rank, quartile = row.get("benchmark_rank"), row.get("benchmark_quartile")
        group = row.get("benchmark_group") or (self.config.benchmarking.group_name if self.config.benchmarking
                                               else "the comparator group")
        return charts.comparator_chart(
            mine, f"{row['pi_code']} {row['title']}", row["unit"], int(row["decimals"]), row["good_direction"],
            group, str(mine["period"].iloc[0]), float(row["benchmark_median"]),
            rank=None if _isnan(rank) else int(rank), quartile=None if _isnan(quartile) else int(quartile),
        ).to_html()

    def _series(self, row: dict[str, Any]) -> str:
        hist = self.panel[(self.panel["pi_code"] == row["pi_code"]) & self.panel["value"].notna()]
        if row["pi_code"] in self._hidden_series:
            return ('<p class="muted">Chart not shown: some counts in this series are small enough to identify '
                    'individuals and are suppressed.</p>')
        points = self.data.spc_points
        mine = points[points["pi_code"] == row["pi_code"]] if points is not None and len(points) else None
        if mine is not None and len(mine) >= 12 and mine["mean"].notna().any():
            from perflib.spc_charts import spc_chart

            label = "Quarter's own figure" if row["measure_type"] == "cumulative" else "Value"
            return spc_chart(mine, f"{row['pi_code']} {row['title']}", row["unit"], int(row["decimals"]),
                             row["good_direction"], label).to_html()
        if len(hist) < 2:
            return '<p class="muted">Not enough history to chart.</p>'
        label = "Year to date" if row["measure_type"] == "cumulative" else "Value"
        return charts.series_chart(hist[["quarter", "value", "target", "target_upper", "status"]],
                                   f"{row['pi_code']} {row['title']}", row["unit"], int(row["decimals"]),
                                   label).to_html()

    def key_challenges(self) -> HTML:
        """Red PIs with commentary, corrective action and a chart each."""
        items = []
        for _, r in self._challenges.iterrows():
            row = self._row(r)
            items.append((row, self._series(row) + self._comparison(row)))
        lacking = narrative.lacking_action(self.card)
        return _macro("challenges", {"challenge_headline": self._challenge_headline(), "challenges": items,
                                     "persistent_red": narrative.PERSISTENT_RED,
                                     "lacking": [f"{r.pi_code} {r.title}" for r in lacking.itertuples()]})

    def key_improvers(self) -> HTML:
        """PIs that improved most over the year, with a chart each."""
        items = []
        for _, r in self._improvers.iterrows():
            row = self._row(r)
            row["show_commentary"] = bool(row["commentary"])
            items.append((row, self._series(row)))
        return _macro("improvers", {"improver_headline": self._improver_headline(), "improvers": items})

    def spc(self) -> HTML:
        """The variation-by-assurance matrix and which Red PIs are consistently failing."""
        from perflib import spc as spc_rules

        card = self.card
        variations = list(spc_rules.VARIATIONS)
        assurances = [spc_rules.PASSING, spc_rules.HIT_AND_MISS, spc_rules.FAILING, spc_rules.NO_ASSURANCE]
        rows = []
        for v in variations:
            cells = []
            for a in assurances:
                codes = card[(card["spc_variation"] == v) & (card["spc_assurance"] == a)]["pi_code"].tolist()
                cells.append({"n": len(codes), "codes": ", ".join(codes)})
            rows.append({"variation": v, "cells": cells, "total": int((card["spc_variation"] == v).sum())})
        red = card[card["status"] == rules.RED]
        failing = red[red["spc_assurance"] == spc_rules.FAILING]
        chance = red[red["spc_assurance"] == spc_rules.HIT_AND_MISS]
        n_red = len(red)
        headline = (f"Of {plural(n_red, 'Red PI')}, {len(failing)} {'is' if len(failing) == 1 else 'are'} "
                    f"consistently failing (the target cannot be met without changing the process) and "
                    f"{len(chance)} {'is' if len(chance) == 1 else 'are'} hit and miss (the process can meet the "
                    f"target, so the miss may be chance); {n_red - len(failing) - len(chance)} could not be "
                    "assessed." if n_red else "No PI is Red this quarter.")
        label = lambda r: f"{r.pi_code} {r.title} ({r.spc_variation})"  # noqa: E731
        return _macro("spc", {"quarter_label": self.quarter.label, "headline": headline, "assurances": assurances,
                              "rows": rows, "red_failing": [label(r) for r in failing.itertuples()],
                              "red_chance": [label(r) for r in chance.itertuples()]})

    def data_quality(self) -> HTML:
        """Returns received and missing, and the problems found in them."""
        rec = self.data.receipts.copy()
        rec["state_text"] = rec["state"].map({"received": "Yes", "missing": "No (not received)",
                                              "rejected": "Yes, but could not be used"})
        rec["submitted"] = rec["submitted"].map(lambda d: "" if _isnan(d) or d is None else f"{pd.Timestamp(d):%d %b %Y}")
        probs = self.data.problems.sort_values(["severity", "file", "row"], kind="stable")
        shown = []
        for p in probs.head(MAX_PROBLEMS_SHOWN).itertuples():
            where = p.file + (f", {p.sheet}" if p.sheet else "") + (f", row {p.row}" if not _isnan(p.row) else "") \
                + (f", {p.column}" if p.column else "")
            text = p.message + (f" (found '{p.value}'; expected {p.expected})" if p.value else
                                (f" (expected {p.expected})" if p.expected else ""))
            shown.append({"severity": p.severity.capitalize(), "where": where, "text": text})
        return _macro("data_quality", {"quarter_label": self.quarter.label, "returns_headline": self._returns_headline(),
                                       "problems_headline": self._problems_headline(),
                                       "receipts": rec.to_dict("records"), "problems": shown,
                                       "problems_total": len(probs), "problems_more": len(probs) > len(shown)})

    def scorecard(self) -> HTML:
        """Appendix 2: the full corporate scorecard, by priority."""
        groups = []
        for p in self.config.priorities:
            rows = [self._row(r) for _, r in self.card[self.card["priority"] == p.id].iterrows()]
            groups.append({"name": p.name, "rows": rows})
        return _macro("scorecard", {"quarter_label": self.quarter.label, "groups": groups, "total_pis": len(self.card)})

    def key(self) -> HTML:
        """Key to statuses and trend arrows."""
        pi_key = [
            (rules.GREEN, "On or better than target."),
            (rules.AMBER, "Missed target, but within the amber tolerance."),
            (rules.RED, "Missed target by more than the amber tolerance."),
            (rules.DATA_ONLY, "Reported for information; no target is set."),
            (rules.NO_DATA, "Due this quarter but no usable figure; the reason is given."),
            (rules.NOT_DUE, "Annual or biennial PI that reports in another quarter."),
        ]
        fa_key = [("Complete", "Complete", "Delivered."), (rules.GREEN, "On track", "Progressing as planned."),
                  (rules.AMBER, "At risk", "Some slippage; recoverable with action."),
                  (rules.RED, "Off track", "Significant delay or issue; needs intervention."),
                  ("Not started", "Not started", "Not yet due to start."),
                  ("No update", "No update", "No status was returned this quarter.")]
        trend_key = [(trend_text(trends.IMPROVING), "Better than the comparison period, by more than the materiality threshold."),
                     (trend_text(trends.DECLINING), "Worse than the comparison period, by more than the materiality threshold."),
                     (trend_text(trends.NO_CHANGE), "Within the materiality threshold of the comparison period."),
                     (trend_text(trends.NOT_COMPARABLE), "No figure for one of the two periods.")]
        return _macro("key", {"pi_key": pi_key, "fa_key": fa_key, "trend_key": trend_key})

    def method(self) -> HTML:
        """Method notes in plain English."""
        m = self.config.materiality
        mat = "; ".join(f"{u}: {v.get('absolute', v.get('relative'))}{'' if 'absolute' in v else '%'}"
                        for u, v in m.items())
        notes = [
            "Status compares each PI's value with the target in force for that year. A value exactly on target is "
            "Green; a value exactly on the amber threshold is Amber. Values are rounded to the published decimal "
            "places before they are compared.",
            "Cumulative PIs are rated on the year to date: counts are added up, and rates are pooled from the "
            "quarters' numerators and denominators. Snapshot PIs use the position at the end of the quarter.",
            "Short-term trend compares with the previous reported period; long-term trend with the same quarter a "
            "year earlier. Changes smaller than the materiality threshold are shown as No change (" + mat + ").",
            f"Key challenges are the PIs that are Red this quarter; those Red for {narrative.PERSISTENT_RED} or more "
            "reported periods running are marked persistent. Key improvers improved most over the year without "
            "their status getting worse.",
            "Annual and biennial PIs appear with a value in the quarter their data arrives; in other quarters they "
            "are shown as Not due with their last value.",
            f"Personal data is protected by aggregation and by suppressing small numbers: for PIs about "
            f"people, counts from 1 to {self.config.suppress_below - 1} are shown as "
            f"{suppression.label(self.config.suppress_below)}, rates based on fewer than "
            f"{self.config.suppress_denominator_below} people are not shown ({suppression.CONFIDENTIAL}), a total "
            f"that would reveal a hidden count is shown as {suppression.CONFIDENTIAL}, and charts that would reveal "
            "them are not drawn. Status is worked out on the true figure.",
            "The full methodology is in docs/methodology.md, and every rule is tested against hand-worked cases.",
        ]
        return _macro("method", {"notes": notes})
