"""How a quarter's returns and checks went, counted once for the command line and the report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Quality:
    """Returns received and problems found in one quarter.

    Attributes
    ----------
    received : int
        Directorate returns received and used.
    expected : int
        Directorate returns expected (one per directorate).
    missing : tuple of str
        Names of the directorates whose return was not received.
    unusable : tuple of str
        Names of the directorates whose return could not be used.
    errors, warnings : int
        Problems found, by severity.
    """

    received: int
    expected: int
    missing: tuple[str, ...]
    unusable: tuple[str, ...]
    errors: int
    warnings: int

    @classmethod
    def of(cls, receipts: pd.DataFrame, problems: pd.DataFrame) -> Quality:
        """Count ``receipts`` (one row per directorate, with ``state``) and ``problems`` (with ``severity``)."""
        states = receipts["state"] if "state" in receipts else pd.Series(dtype=str)
        names = receipts["directorate_name"] if "directorate_name" in receipts else receipts.get("directorate")

        def who(state: str) -> tuple[str, ...]:
            return tuple(str(n) for n in names[states.eq(state)]) if names is not None else ()

        sev = problems["severity"] if "severity" in problems else pd.Series(dtype=str)
        return cls(
            received=int(states.eq("received").sum()),
            expected=len(receipts),
            missing=who("missing"),
            unusable=who("rejected"),
            errors=int(sev.eq("error").sum()),
            warnings=int(sev.eq("warning").sum()),
        )


#: What happened to the figure a problem concerns.
NOT_USED = "Not used"
USED = "Used"
USED_WITH_WARNING = "Used with a warning"
OUTCOMES: tuple[str, ...] = (NOT_USED, USED_WITH_WARNING, USED)


def _outcome(p: dict, card: pd.DataFrame, unusable: set[str]) -> tuple[str, str]:
    """The outcome of one problem and why, from the PI's row of the scorecard."""
    code = str(p.get("pi_code") or "")
    error = p.get("severity") == "error"
    column = str(p.get("column") or "")
    if code and code in card.index:
        row = card.loc[code]
        has_figure = not pd.isna(row.get("quarter_value")) or not pd.isna(row.get("value"))
        if not has_figure:
            reason = row.get("status_reason")
            return NOT_USED, str(reason) if isinstance(reason, str) and reason else "no usable figure"
        if error:
            about = f"the {column.lower()}" if column else "the return"
            return USED, f"the figure was valid; the error is about {about}, not the figure"
        return USED_WITH_WARNING, str(p.get("message") or "")
    if str(p.get("file") or "") in unusable:
        return NOT_USED, "the return could not be used"
    if error:
        return NOT_USED, "the row or file named could not be read"
    return USED_WITH_WARNING, str(p.get("message") or "")


def problem_outcomes(problems: pd.DataFrame, card: pd.DataFrame, receipts: pd.DataFrame) -> pd.DataFrame:
    """Add to each problem what happened to the figure it concerns: ``outcome`` and ``outcome_reason``.

    A problem about a PI whose figure for the quarter was rejected, or which
    has none, is "Not used" (with the PI's reason); an error about a PI whose
    figure was valid and rated (a Red PI without commentary, say) is "Used",
    the error being about another cell; a warning about a PI with a figure is
    "Used with a warning". A problem about no PI is "Not used" when it is an
    error (the row or the return named could not be read) and "Used with a
    warning" otherwise.

    Parameters
    ----------
    problems : DataFrame
        :func:`perflib.core.problems.problems_frame`.
    card : DataFrame
        The quarter's scorecard (``pi_code``, ``value``, ``quarter_value``, ``status_reason``).
    receipts : DataFrame
        The returns (``file``, ``state``).

    Returns
    -------
    DataFrame
        ``problems`` with ``outcome`` (one of :data:`OUTCOMES`) and ``outcome_reason``.
    """
    by_code = card.drop_duplicates("pi_code").set_index("pi_code") if "pi_code" in card else card
    files = receipts.get("file", pd.Series(dtype=str)).astype(str)
    states = receipts.get("state", pd.Series(dtype=str))
    unusable = {f for f, s in zip(files, states, strict=True) if s != "received" and f}
    pairs = [_outcome(p, by_code, unusable) for p in problems.to_dict("records")]
    out = problems.copy()
    out["outcome"] = [a for a, _ in pairs]
    out["outcome_reason"] = [b for _, b in pairs]
    return out


def outcome_counts(problems: pd.DataFrame) -> dict[str, int]:
    """Problems per outcome (every outcome present, zeros included)."""
    col = problems["outcome"] if "outcome" in problems else pd.Series(dtype=str)
    counts = col.value_counts()
    return {o: int(counts.get(o, 0)) for o in OUTCOMES}
