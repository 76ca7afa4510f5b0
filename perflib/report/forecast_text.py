"""How the report speaks of the year end: the forecast outturn, its interval and the chance of meeting the target.

From Q1 to Q3 the summary says how many PIs are forecast to meet their
year-end target and names those with less than a 50% chance; each key
challenge states its forecast outturn, its 80% interval and the chance of
meeting the target in words and numbers ("likely to miss: 20% chance of
reaching 90.0%"). At Q4 the same places give the actual outturn instead. The
numbers come from the scorecard's ``forecast_*`` columns
(:mod:`perflib.rules.forecast`), published with the same suppression as the
PI's own figures (:func:`perflib.rules.suppression.suppress_derived`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from perflib.core.config import CouncilConfig
from perflib.core.methodology import Forecast as ForecastSettings
from perflib.core.quarters import Quarter
from perflib.report.render import is_missing
from perflib.report.wording import format_value, plural
from perflib.rules import suppression
from perflib.rules.forecast import ACTUAL, PROFILE

#: The forecast's figures, published like the PI's own.
FIGURES = ["forecast_outturn", "forecast_low", "forecast_high", "service_forecast"]
#: The chance of meeting the target in words, from least to most likely (cut points: ``forecast.likelihood``).
LIKELIHOOD_WORDS = (
    "very likely to miss",
    "likely to miss",
    "as likely to meet as to miss",
    "likely to meet",
    "very likely to meet",
)
#: Below this the chance is "less than" it, above one minus it "more than": a share of 20 or more
#: earlier errors cannot tell finer than 1 in 20.
RESOLUTION = 0.05


def likelihood(p: float, cuts: tuple[float, ...]) -> str:
    """The chance of meeting the target in words.

    Parameters
    ----------
    p : float
        The probability, 0 to 1.
    cuts : tuple of four floats
        ``forecast.likelihood`` in ``data/methodology.yml``, e.g. (0.1, 0.4, 0.6, 0.9):
        at or below the first "very likely to miss"; below the second "likely to
        miss"; up to the third, edges included, "as likely to meet as to miss";
        below the fourth "likely to meet"; otherwise "very likely to meet".

    Returns
    -------
    str
    """
    very_low, low, high, very_high = cuts
    if p <= very_low:
        return LIKELIHOOD_WORDS[0]
    if p < low:
        return LIKELIHOOD_WORDS[1]
    if p <= high:
        return LIKELIHOOD_WORDS[2]
    return LIKELIHOOD_WORDS[3] if p < very_high else LIKELIHOOD_WORDS[4]


def chance(p: float) -> str:
    """The probability as a percentage people can read: ``"20%"``, ``"less than 5%"``, ``"more than 95%"``.

    Whole percentages, halves up, except that a chance below 50% is never
    shown as 50% (the summary names PIs with less than a 50% chance), and a
    chance beyond 5% from either end is shown as "less than 5%" or "more than
    95%": the probability is a share of at least 20 earlier errors.
    """
    if p < RESOLUTION:
        return f"less than {RESOLUTION:.0%}"
    if p > 1 - RESOLUTION:
        return f"more than {1 - RESOLUTION:.0%}"
    whole = int(100 * p + 0.5)
    return f"{min(whole, 49) if p < 0.5 else whole}%"


def target_phrase(d: dict[str, Any]) -> str:
    """What meeting the year-end target means, e.g. "reaching 90.0%", "ending between 8.0% and 12.0%"."""
    unit, dec = d["unit"], int(d["decimals"])
    target = format_value(d["forecast_target"], unit, dec)
    if d["good_direction"] == "range":
        return f"ending between {target} and {format_value(d['forecast_target_upper'], unit, dec)}"
    return f"reaching {target}" if d["good_direction"] == "higher" else f"ending at {target} or below"


def target_text(d: dict[str, Any]) -> str:
    """The year-end target as printed: "the year-end target of 90.0%", or "... target range of 8.0% to 12.0%"."""
    unit, dec = d["unit"], int(d["decimals"])
    target = format_value(d["forecast_target"], unit, dec)
    if d["good_direction"] == "range":
        return f"the year-end target range of {target} to {format_value(d['forecast_target_upper'], unit, dec)}"
    return f"the year-end target of {target}"


@dataclass(frozen=True)
class Forecasts:
    """The quarter's forecasts as the report may publish them.

    Attributes
    ----------
    card : DataFrame
        The scorecard by ``pi_code`` with :data:`FIGURES` suppressed (``"<5"`` or ``"[c]"``).
    quarter : Quarter
    settings : perflib.core.methodology.Forecast
        The ``forecast`` settings of ``data/methodology.yml``.
    """

    card: pd.DataFrame
    quarter: Quarter
    settings: ForecastSettings

    @classmethod
    def of(cls, card: pd.DataFrame, quarter: Quarter, config: CouncilConfig) -> Forecasts:
        """The published forecasts of a scorecard."""
        rule = config.methodology.suppression
        shown = suppression.suppress_derived(card, FIGURES, rule) if "forecast_method" in card else card
        return cls(shown.set_index("pi_code"), quarter, config.methodology.forecast)

    @property
    def cuts(self) -> tuple[float, ...]:
        """The cut points between the likelihood phrases."""
        return self.settings.likelihood

    @property
    def level(self) -> int:
        """The interval's coverage in percent, e.g. 80."""
        return round(100 * self.settings.interval)

    def _figure(self, d: dict[str, Any], column: str) -> str:
        value = d[column]
        return value if isinstance(value, str) else format_value(value, d["unit"], int(d["decimals"]))

    def _numbers(self, d: dict[str, Any]) -> str:
        """The forecast's figures (and the service's own forecast), or why they are not published."""
        if any(isinstance(d.get(c), str) for c in FIGURES):
            return f"The {'outturn is' if d['forecast_method'] == ACTUAL else 'forecast figures are'} not shown: " + (
                "the PI's figures include small numbers that could identify individuals."
            )
        if d["forecast_method"] == ACTUAL:
            return f"Outturn {self._figure(d, 'forecast_outturn')}."
        service = d.get("service_forecast")
        own = "" if is_missing(service) else f" The service's own forecast: {self._figure(d, 'service_forecast')}."
        return (
            f"Forecast outturn {self._figure(d, 'forecast_outturn')} ({self.level}% interval "
            f"{self._figure(d, 'forecast_low')} to {self._figure(d, 'forecast_high')}).{own}"
        )

    def detail(self, pi_code: str) -> dict[str, str]:
        """One PI's year-end line for its details: ``forecast_label`` and ``forecast_text`` ("" without columns).

        E.g. "Likely to miss: 20% chance of reaching 90.0%. Forecast outturn 88.9%
        (80% interval 87.6% to 90.1%)." At Q4: "Missed the year-end target of
        90.0%. Outturn 88.9%."
        """
        if "forecast_method" not in self.card or pi_code not in self.card.index:
            return {"forecast_label": "", "forecast_text": ""}
        d = {"pi_code": pi_code, **self.card.loc[pi_code].to_dict()}
        label = "Year-end outturn" if self.quarter.q == 4 else "Year-end forecast"
        if d["forecast_method"] == ACTUAL:
            met = "Met" if d["forecast_p_meet"] >= 1 else "Missed"
            return {"forecast_label": label, "forecast_text": f"{met} {target_text(d)}. {self._numbers(d)}"}
        if d["forecast_method"] != PROFILE:
            reason = "" if is_missing(d.get("forecast_reason")) else str(d["forecast_reason"])
            none = "No year-end outturn" if self.quarter.q == 4 else "No forecast"
            return {"forecast_label": label, "forecast_text": f"{none}: {reason}."}
        p = float(d["forecast_p_meet"])
        words = likelihood(p, self.cuts)
        text = f"{words[0].upper()}{words[1:]}: {chance(p)} chance of {target_phrase(d)}. {self._numbers(d)}"
        return {"forecast_label": "Year-end forecast", "forecast_text": text}

    def headline(self) -> str:
        """The summary's sentence on the year end (Q1 to Q3: forecasts; Q4: outturns); "" without forecast columns."""
        if "forecast_method" not in self.card:
            return ""
        return _outturn_headline(self.card) if self.quarter.q == 4 else _forecast_headline(self.card)

    def method_notes(self) -> list[str]:
        """The method note on year-end forecasts, with the numbers used."""
        f = self.settings
        return [
            "Year-end forecasts (Q1 to Q3) scale each PI's figure so far by how its year went on from the same "
            f"quarter in the last {f.max_past_years} complete years (at least {f.min_past_years} are needed). The "
            f"{self.level}% interval and the chance of meeting the year-end target come from how far the same "
            "method's forecasts missed in earlier years, not from an assumed distribution; a back-test on past "
            f"years checks that about {self.level}% of outturns fall inside the interval. "
            "Meeting the target means ending Green. In Q4 the actual outturn is shown instead.",
        ]


def _named(rows: pd.DataFrame) -> str:
    """PIs named with their chance, least likely first: "RF01 Average time to answer calls (5%)"."""
    ordered = rows.assign(_p=rows["forecast_p_meet"].astype(float)).sort_values("_p", kind="stable")
    return "; ".join(f"{code} {r['title']} ({chance(r['_p'])})" for code, r in ordered.iterrows())


#: Why PIs have no forecast, in the summary's words (first match wins; see :func:`_without`).
_REASON_GROUPS = (
    (("annual PI", "biennial PI"), "annual or biennial"),
    (("no target",), "with no target this year"),
    (("no usable figure", "no numerator"), "with a quarter this year without a usable figure"),
    (("",), "with too little history"),
)


def _without(card: pd.DataFrame, what: str) -> str:
    """E.g. " 7 PIs have no forecast: 4 annual or biennial, 3 no target this year." ("" when none)."""
    rest = card[~card["forecast_method"].isin([PROFILE, ACTUAL])]
    if rest.empty:
        return ""
    reasons = rest["forecast_reason"].fillna("").astype(str)
    group = reasons.map(lambda r: next(words for starts, words in _REASON_GROUPS if r.startswith(starts)))
    counts = group.value_counts()
    parts = [f"{int(counts[words])} {words}" for _, words in _REASON_GROUPS if words in counts]
    return f" {plural(len(rest), 'PI')} {'has' if len(rest) == 1 else 'have'} no {what}: " + ", ".join(parts) + "."


def _forecast_headline(card: pd.DataFrame) -> str:
    """E.g. "Looking ahead to the year end: of 43 PIs with a forecast, 24 are forecast to meet ..."."""
    made = card[card["forecast_method"].eq(PROFILE)]
    if made.empty:
        return "Looking ahead to the year end: no PI has a forecast this quarter." + _without(card, "forecast")
    unlikely = made[made["forecast_p_meet"].astype(float) < 0.5]
    likely = len(made) - len(unlikely)
    text = (
        f"Looking ahead to the year end: of {plural(len(made), 'PI')} with a forecast, {likely} "
        f"{'is' if likely == 1 else 'are'} forecast to meet {'its' if likely == 1 else 'their'} year-end target "
        "(a 50% chance or more)"
    )
    if len(unlikely):
        has = "has" if len(unlikely) == 1 else "have"
        text += f" and {len(unlikely)} {has} less than a 50% chance: {_named(unlikely)}"
    return text + "." + _without(card, "forecast")


def _outturn_headline(card: pd.DataFrame) -> str:
    """E.g. "At the year end, 25 of 40 PIs with a year-end outturn met their year-end target; 15 did not: ..."."""
    done = card[card["forecast_method"].eq(ACTUAL)]
    if done.empty:
        return "At the year end, no PI has an outturn to compare with a year-end target." + _without(card, "outturn")
    missed = done[done["forecast_p_meet"].astype(float) < 1]
    text = (
        f"At the year end, {len(done) - len(missed)} of {plural(len(done), 'PI')} with a year-end outturn met "
        "their year-end target"
    )
    if len(missed):
        names = "; ".join(f"{code} {r['title']}" for code, r in missed.iterrows())
        text += f"; {len(missed)} did not: {names}"
    return text + "." + _without(card, "year-end outturn")
