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
