"""The sections of Appendix 1, as HTML the report notebook displays.

:class:`Report` loads a quarter's processed data and returns each section as
an :class:`~perflib.report.render.HTML` object (shown in JupyterLab, exported
by nbconvert). The order of the sections is :data:`perflib.report.outline.SECTIONS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from perflib.build.prepared import Prepared, load_prepared
from perflib.build.quality import Quality, outcome_counts, problem_outcomes
from perflib.core import paths
from perflib.core.config import CouncilConfig, load_config
from perflib.core.quarters import Quarter
from perflib.inputs.glossary import glossary_for
from perflib.report import charts, headlines, notes, plain, readings
from perflib.report.abbreviations import expand_first_use, glossary_rows
from perflib.report.challenge_table import accountability, challenge_row, named
from perflib.report.forecast_charts import year_view
from perflib.report.forecast_text import Forecasts
from perflib.report.outline import KEY_ANCHOR, KEY_TITLE, SECTIONS
from perflib.report.pi_charts import comparison_html, series_html
from perflib.report.pi_view import Published, pi_row
from perflib.report.render import HTML, is_missing, macro
from perflib.report.summary_charts import status_strip
from perflib.report.wording import pct, plural
from perflib.rules import spc as spc_rules
from perflib.rules import status as rules
from perflib.rules.rollups import rollup
from perflib.rules.selection import key_challenges, key_improvers, lacking_action

#: Most problems listed in the report (all are in data_quality.csv).
MAX_PROBLEMS_SHOWN = 40


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

    def __init__(
        self, quarter: str | Quarter, config: CouncilConfig | str | Path | None = None, prepared: Prepared | None = None
    ):
        self.quarter = Quarter.parse(quarter)
        self.config = config if isinstance(config, CouncilConfig) else load_config(config or paths.DEFAULT_CONFIG)
        self.data = prepared or load_prepared(self.quarter, self.config)
        self.card = self.data.scorecard
        self.panel = self.data.panel
        prev = self.panel[self.panel["quarter_index"] == self.quarter.index - 1]
        self.previous_statuses = prev["status"] if not prev.empty else None
        self.published = Published.of(self.card, self.panel, self.config)
        self.forecasts = Forecasts.of(self.card, self.quarter, self.config)
        self.plan = self.config.plan_for(self.quarter)
        # The plan's priorities, then any other priority with a PI (so that no PI disappears).
        listed = {p.id for p in self.plan.priorities}
        extra = [p for p in self.config.priorities if p.id not in listed and p.id in set(self.card["priority"])]
        self.shown_priorities = (*self.plan.priorities, *extra)
        m = self.config.methodology
        self._challenges = key_challenges(self.card, m.persistent_red)
        self._improvers = key_improvers(self.card, self.panel, self.quarter.index, m.max_improvers)
        #: Abbreviation -> expansion (``glossary.csv`` in the catalogue folder; empty without one).
        self.abbreviations = glossary_for(self.config.catalogue_dir)

    # ------------------------------------------------------------------ basics
    @property
    def title(self) -> str:
        """Document title, used for the HTML ``<title>`` and the PDF metadata."""
        return f"{self.config.appendix_title}: {self.quarter.label}, {self.config.council_name}"

    def sections(self) -> list[HTML]:
        """Every section, in the order of :data:`perflib.report.outline.SECTIONS`.

        Each abbreviation of the glossary is expanded at its first use, in the
        order a reader meets it, and the glossary section lists those used.
        """
        out: list[HTML] = []
        seen: set[str] = set()
        for section in SECTIONS:
            shown = self.glossary(seen) if section.method == "glossary" else getattr(self, section.method)()
            for part in shown if isinstance(shown, list) else [shown]:
                out.append(HTML(expand_first_use(part.html, self.abbreviations, seen)))
        return out

    def _common(self) -> dict[str, Any]:
        c = self.config
        end = self.quarter.end_date
        return {
            "council": c.council_name,
            "appendix_title": c.appendix_title,
            "report_title": c.report_title,
            "quarter_label": self.quarter.label,
            "q": self.quarter.q,
            "financial_year": self.quarter.financial_year,
            "months": self.quarter.months,
            "period_end": f"{end.day} {end:%B %Y}",
            "notice": c.illustrative_notice,
            "plan_name": self.plan.name or "corporate plan",
            "priorities": self.plan.priorities,
        }

    def _row(self, r: pd.Series) -> dict[str, Any]:
        return {**pi_row(r, self.panel, self.published, self.config), **self.forecasts.detail(r["pi_code"])}

    # ---------------------------------------------------------------- headlines
    def pi_headline(self, card: pd.DataFrame | None = None, previous: pd.Series | None = None) -> str:
        """Headline sentence on PI status (all PIs unless ``card`` is given)."""
        card = self.card if card is None else card
        prev = self.previous_statuses if previous is None and card is self.card else previous
        return headlines.pi_headline(card["status"], prev)

    def fa_headline(self, actions: pd.DataFrame | None = None) -> str:
        """Headline sentence on Flagship Actions."""
        actions = self.data.actions if actions is None else actions
        return headlines.fa_headline(actions["rag"], self.config.fa_labels)

    def changes(self) -> list[str]:
        """PIs whose status changed between Green, Amber and Red since their last rated period."""
        lookback = self.config.methodology.short_lookback
        return headlines.status_changes(self.card, self.panel, self.quarter.index, lookback)

    # ----------------------------------------------------------------- sections
    def title_block(self) -> HTML:
        """The title: council, appendix title, quarter and the illustrative notice."""
        return macro("title_block", self._common())

    def contents(self) -> HTML:
        """The table of contents."""
        items = []
        for s in SECTIONS:
            if s.method == "priorities":
                items += [{"id": f"{s.anchor}{p.id}", "title": f"{s.title}{p.name}"} for p in self.shown_priorities]
            elif s.anchor:
                items.append({"id": s.anchor, "title": s.title})
            if s.method == "summary":
                items.append({"id": KEY_ANCHOR, "title": KEY_TITLE})
        return macro("contents", items)

    def summary(self) -> HTML:
        """The summary (at most two A4 pages): where the council stands, what changed, who is acting, and the key.

        Flagship Action and PI status with one compact chart each, what changed
        since each PI's last rated period, the key challenges as one table
        (value against target, trend, run of Red, lead officer, portfolio
        holder, action and its date), the key improvers, and the key to
        statuses and arrows.
        """
        persistent = self.config.methodology.persistent_red
        fa = self.data.actions
        q = self.quarter.label
        fa_counts = charts.status_counts(fa["rag"], self.config.fa_order, self.config.fa_labels)
        pi_counts = charts.status_counts(self.card["status"], rules.STATUSES, of=rules.RATED)
        rated = int(pi_counts.loc[pi_counts["status"].isin(rules.RATED), "count"].sum())
        fa_chart = status_strip([(q, fa_counts, "")], f"Flagship Action lines by status, {q}", "Flagship Action lines")
        pi_bars = [(q, pi_counts.assign(label=pi_counts["status"]), f"Shares are of the {plural(rated, 'rated PI')}.")]
        if self.previous_statuses is not None:
            before = charts.status_counts(self.previous_statuses, rules.STATUSES, of=rules.RATED)
            rated_before = int(before.loc[before["status"].isin(rules.RATED), "count"].sum())
            share_of = f"Shares are of the {plural(rated_before, 'rated PI')}." if rated_before else ""
            pi_bars.append(((self.quarter - 1).label, before.assign(label=before["status"]), share_of))
        pi_chart = status_strip(pi_bars, f"Performance Indicators by status, {q}", "Performance Indicators")
        return macro(
            "summary",
            {
                **self._common(),
                "fa_headline": self.fa_headline(),
                "pi_headline": self.pi_headline(),
                "fa_chart": fa_chart.to_html() if len(fa) else "",
                "pi_chart": pi_chart.to_html(),
                "fa_parents": fa["parent_code"].nunique(),
                "fa_lines": len(fa),
                "challenge_headline": headlines.challenge_headline(self._challenges, persistent),
                "challenge_rows": [challenge_row(self._row(r)) for _, r in self._challenges.iterrows()],
                "improver_headline": headlines.improver_headline(self._improvers),
                "forecast_headline": self.forecasts.headline(),
                "returns_headline": headlines.returns_headline(self.data.receipts),
                "changes": self.changes(),
                "key": notes.key(self.config),
            },
        )

    def overall(self) -> HTML:
        """PI status by priority and by directorate (the council-wide counts are in the summary)."""
        by_priority = charts.status_by_group_chart(
            self.card,
            "priority_name",
            "status",
            rules.STATUSES,
            f"PI status by priority, {self.quarter.label}",
            "Performance Indicators",
        )
        return macro(
            "overall",
            {
                **self._common(),
                "by_priority": self._rollup_view("priority_name"),
                "by_directorate": self._rollup_view("directorate_name"),
                "pi_priority_chart": by_priority.to_html(),
            },
        )

    def _rollup_view(self, by: str) -> dict[str, Any]:
        """Counts of each PI status per group (and All), for the roll-up tables."""
        rows = []
        for name, grp in rollup(self.card, by).groupby(by, sort=False):
            counts = grp.set_index("status")["count"]
            rated = int(sum(counts.get(s, 0) for s in rules.RATED))
            green = int(counts.get(rules.GREEN, 0))
            rows.append(
                {
                    "name": name,
                    "counts": [int(counts.get(s, 0)) for s in rules.STATUSES],
                    "total": int(counts.sum()),
                    "green_share": pct(green, rated) if rated else "n/a",
                    "is_total": name == "All",
                }
            )
        return {"statuses": rules.STATUSES, "rows": rows}

    def priority(self, priority_id: str) -> HTML:
        """One priority: its FAs, PI table, key achievements and areas for improvement."""
        name = {p.id: p.name for p in self.shown_priorities}[priority_id]
        card = self.card[self.card["priority"] == priority_id]
        actions = self.data.actions[self.data.actions["priority"] == priority_id]
        narr = self.data.narrative
        narr = narr[narr["priority"] == priority_id].sort_values("order")
        return macro(
            "priority",
            {
                "id": priority_id,
                "name": name,
                "quarter_label": self.quarter.label,
                "fa_headline": self.fa_headline(actions),
                "pi_headline": headlines.pi_headline(card["status"], None),
                "actions": [{**a, **named(a)} for a in actions.to_dict("records")],
                "pis": [self._row(r) for _, r in card.iterrows()],
                "achievements": narr[narr["kind"] == "achievement"]["text"].tolist(),
                "improvements": narr[narr["kind"] == "improvement"]["text"].tolist(),
            },
        )

    def priorities(self) -> list[HTML]:
        """Every priority section, in the order of ``data/council.yml``."""
        return [self.priority(p.id) for p in self.shown_priorities]

    def _chart(self, row: dict[str, Any]) -> str:
        """The PI's one chart: its SPC chart (or values) with the target, this year and its forecast."""
        fewest = self.config.methodology.spc_min_points
        year = year_view(row, self.panel, self.forecasts)
        return series_html(row, self.panel, self.data.spc_points, self.published, fewest, year=year)

    def key_challenges(self) -> HTML:
        """Each Red PI in at most half a page: figures, who is acting and how, and one chart.

        The comparator charts (column chart and funnel plot) are in the HTML
        only; the comparator figure is in words in both.
        """
        items = []
        comparators = getattr(self.data, "comparators", None)
        for _, r in self._challenges.iterrows():
            row = {**self._row(r), **accountability(self._row(r))}
            more = comparison_html(row, comparators, self.published, self.config)
            items.append((row, self._chart(row), more))
        lacking = lacking_action(self.card)
        return macro(
            "challenges",
            {
                "challenges": items,
                "persistent_red": self.config.methodology.persistent_red,
                "lacking": [f"{r.pi_code} {r.title}" for r in lacking.itertuples()],
            },
        )

    def key_improvers(self) -> HTML:
        """Each key improver: its figures and commentary, and (in the HTML only) its chart."""
        items = []
        for _, r in self._improvers.iterrows():
            row = {**self._row(r), **accountability(self._row(r))}
            row["show_commentary"] = bool(row["commentary"])
            row["show_action"] = False  # an improver is not asked for a corrective action
            items.append((row, "", self._chart(row)))  # the chart is in the HTML; the PDF keeps the figures
        return macro("improvers", {"improvers": items})

    def spc(self) -> HTML:
        """The variation-by-assurance matrix and which Red PIs are consistently failing."""
        card = self.card
        assurances = [spc_rules.PASSING, spc_rules.HIT_AND_MISS, spc_rules.FAILING, spc_rules.NO_ASSURANCE]
        rows = []
        for v in spc_rules.VARIATIONS:
            cells = []
            for a in assurances:
                codes = card[(card["spc_variation"] == v) & (card["spc_assurance"] == a)]["pi_code"].tolist()
                cells.append({"n": len(codes), "codes": ", ".join(codes)})
            rows.append({"variation": v, "cells": cells, "total": int((card["spc_variation"] == v).sum())})
        persistent = self.config.methodology.persistent_red
        groups = readings.red_breakdown(card, persistent)
        headline = readings.red_headline(card, persistent)

        def label(members: list[Any]) -> list[str]:
            return [
                f"{r.pi_code} {r.title} ({r.spc_variation}; {readings.run_words(int(r.red_run), r.red_run_gaps)})"
                for r in members
            ]

        return macro(
            "spc",
            {
                "quarter_label": self.quarter.label,
                "headline": headline,
                "assurances": assurances,
                "rows": rows,
                "red_groups": [
                    {
                        "heading": readings.RED_HEADINGS[k],
                        "meaning": readings.RED_MEANINGS[k].format(n=persistent),
                        "pis": label(members),
                    }
                    for k, members in groups.items()
                    if members and k != readings.RED_UNASSESSED
                ],
            },
        )

    def data_quality(self) -> HTML:
        """Returns received and missing, and the problems found in them."""
        rec = self.data.receipts.copy()
        rec["state_text"] = rec["state"].map(
            {"received": "Yes", "missing": "No (not received)", "rejected": "Yes, but could not be used"}
        )
        rec["submitted"] = rec["submitted"].map(lambda d: "" if is_missing(d) else f"{pd.Timestamp(d):%d %b %Y}")
        rec["file"] = rec["file"].map(plain.file_name)
        rec["detail"] = rec["detail"].map(plain.plain_paths)
        names = dict(zip(self.data.receipts["directorate"], self.data.receipts["directorate_name"], strict=True))
        probs = self.data.problems
        if "outcome" not in probs:
            probs = problem_outcomes(probs, self.card, self.data.receipts)
        probs = probs.sort_values(["severity", "file", "row"], kind="stable")
        shown = [_problem_view(p, names) for p in probs.head(MAX_PROBLEMS_SHOWN).itertuples()]
        quality = Quality.of(self.data.receipts, self.data.problems)
        return macro(
            "data_quality",
            {
                "quarter_label": self.quarter.label,
                "problems_headline": headlines.problems_headline(quality, outcome_counts(probs)),
                "receipts": rec.to_dict("records"),
                "problems": shown,
                "problems_total": len(probs),
                "problems_more": len(probs) > len(shown),
            },
        )

    def scorecard(self) -> HTML:
        """Appendix 2: the full corporate scorecard, by priority."""
        groups = []
        for p in self.shown_priorities:
            rows = [self._row(r) for _, r in self.card[self.card["priority"] == p.id].iterrows()]
            groups.append({"name": p.name, "rows": rows})
        return macro("scorecard", {"quarter_label": self.quarter.label, "groups": groups, "total_pis": len(self.card)})

    def glossary(self, used: set[str] | None = None) -> HTML:
        """The abbreviations the report uses (all of the glossary when ``used`` is not given), with their meanings."""
        words = self.abbreviations if used is None else used
        return macro("glossary", {"rows": glossary_rows(self.abbreviations, words)})

    def method(self) -> HTML:
        """Method notes in plain English."""
        return macro("method", {"notes": notes.method_notes(self.config) + self.forecasts.method_notes()})


def _problem_view(p: Any, names: dict[str, str]) -> dict[str, str]:
    """One problem as the data-quality table shows it: severity, where, and what (files by name, not path)."""
    where = plain.where(p.file, p.sheet, p.row, p.column, getattr(p, "directorate", ""), names)
    text = p.message + (
        f" (found '{p.value}'; expected {p.expected})"
        if p.value
        else (f" (expected {p.expected})" if p.expected else "")
    )
    outcome = getattr(p, "outcome", "")
    reason = getattr(p, "outcome_reason", "")
    return {
        "severity": p.severity.capitalize(),
        "where": where,
        "text": plain.plain_paths(text),
        "outcome": plain.plain_paths(f"{outcome}: {reason}" if outcome and reason else str(outcome or "")),
    }
