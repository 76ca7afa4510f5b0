"""The report's key to statuses and arrows, and its method notes, in plain English."""

from __future__ import annotations

from perflib.core.config import NO_UPDATE, CouncilConfig
from perflib.report.wording import TREND_MEANINGS, status_meaning, trend_text
from perflib.rules import status as rules
from perflib.rules import suppression, trends

#: What "No update" means (a status perflib gives, not one a return can use).
NO_UPDATE_MEANING = "No status was returned this quarter."
#: Where the report gives more detail on a status.
_DETAIL_IN_REPORT = {rules.NO_DATA: "the reason is given"}


def key(config: CouncilConfig) -> dict[str, list[tuple[str, ...]]]:
    """The rows of the key: PI statuses, Flagship Action statuses and trend arrows.

    Parameters
    ----------
    config : CouncilConfig
        Gives the Flagship Action statuses, in the council's words.

    Returns
    -------
    dict
        ``pi_key`` (status, meaning), ``fa_key`` (status shown, label, meaning) and
        ``trend_key`` (arrow and word, meaning).
    """
    # The meaning of the word the key shows for each colour (the first status given it in council.yml).
    meaning_of_rag = {rag: config.fa_meanings.get(label, "") for rag, label in config.fa_labels.items()}
    meaning_of_rag[NO_UPDATE] = NO_UPDATE_MEANING
    return {
        "pi_key": [(s, status_meaning(s, _DETAIL_IN_REPORT)) for s in rules.STATUSES],
        "fa_key": [(rag, config.fa_labels[rag], meaning_of_rag.get(rag, "")) for rag in config.fa_order],
        "trend_key": [(trend_text(t), TREND_MEANINGS[t]) for t in trends.TRENDS],
    }


def method_notes(config: CouncilConfig) -> list[str]:
    """The method notes: how statuses, trends, selections and suppression work, with the numbers used.

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    list of str
    """
    m = config.methodology
    mat = "; ".join(
        f"{u}: {v.get('absolute', v.get('relative'))}{'' if 'absolute' in v else '%'}" for u, v in m.materiality.items()
    )
    small = m.suppression
    return [
        "Status compares each PI's value with the target in force for that year. A value exactly on target is "
        "Green; a value exactly on the amber threshold is Amber. Values are rounded to the published decimal "
        "places before they are compared.",
        "Cumulative PIs are rated on the year to date: counts are added up, and rates are pooled from the "
        "quarters' numerators and denominators. Snapshot PIs use the position at the end of the quarter.",
        "Short-term trend compares with the previous reported period; long-term trend with the same quarter a "
        "year earlier. A period with no figure is never read as 0: the trend compares with the latest earlier "
        f"period with a figure (for quarterly PIs up to {m.short_lookback.get('quarterly', 1)} quarters back; "
        "for annual and biennial PIs up to one skipped collection) and names it. Changes smaller than the "
        "materiality threshold are shown as No change (" + mat + ").",
        f"Key challenges are the PIs that are Red this quarter; those Red for {m.persistent_red} or more "
        "reported periods running are marked persistent (a period with no figure is passed over and named, "
        "and a long run of Red is never described as a miss that may be chance). Key improvers improved most "
        "over the year without their status getting worse.",
        "Annual and biennial PIs appear with a value in the quarter their data arrives; in other quarters they "
        "are shown as Not due with their last value.",
        f"Personal data is protected by aggregation and by suppressing small numbers: for PIs about "
        f"people, counts from 1 to {small.min_count - 1} are shown as "
        f"{suppression.label(small.min_count)}, rates based on fewer than "
        f"{small.min_denominator} people are not shown ({suppression.CONFIDENTIAL}), a total "
        f"that would reveal a hidden count is shown as {suppression.CONFIDENTIAL}, and charts that would reveal "
        "them are not drawn. Status is worked out on the true figure. Commentary or corrective action of such "
        "a PI that states a small number is withheld until the return is corrected.",
        "The full methodology is available from the performance team, and every rule is tested against hand-worked "
        "cases.",
    ]
