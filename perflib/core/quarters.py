"""Financial-year quarters, the unit every report is built for.

UK councils report on the financial year April to March: Q1 is April to June,
Q2 July to September, Q3 October to December and Q4 January to March. A quarter
is written ``"2023-24 Q3"``; ``"2023/24 Q3"`` and ``"2023-24-Q3"`` are accepted
too. Its folder name under ``data/raw/`` and ``outputs/`` is ``2023-24-Q3``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*[- ]\s*[Qq]([1-4])\s*$")

ACCEPTED_FORMS = '"2023-24 Q3", "2023/24 Q3" or "2023-24-Q3"'


class QuarterError(ValueError):
    """A quarter was written in a form perflib does not accept."""


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year.

    Parameters
    ----------
    start_year : int
        The calendar year the financial year starts in (2023 for 2023-24).
    q : int
        The quarter number, 1 to 4.
    """

    start_year: int
    q: int

    def __post_init__(self) -> None:
        if self.q not in (1, 2, 3, 4):
            raise QuarterError(f"quarter number must be 1 to 4, not {self.q}")

    @classmethod
    def parse(cls, text: str | Quarter) -> Quarter:
        """Read a quarter from text such as ``"2023-24 Q3"``.

        Parameters
        ----------
        text : str or Quarter
            ``"2023-24 Q3"``, ``"2023/24 Q3"`` or ``"2023-24-Q3"``.

        Returns
        -------
        Quarter

        Raises
        ------
        QuarterError
            If the text is not one of the accepted forms, or the two years are
            not consecutive.
        """
        if isinstance(text, Quarter):
            return text
        m = _PATTERN.match(str(text))
        if not m:
            raise QuarterError(f"{text!r} is not a quarter; write it as {ACCEPTED_FORMS}")
        start, end, q = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if (start + 1) % 100 != end:
            raise QuarterError(
                f"{text!r}: {start}-{end:02d} is not a financial year "
                f"(the second year must follow the first, e.g. {start}-{(start + 1) % 100:02d})"
            )
        return cls(start, q)

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        """Inverse of :attr:`index`."""
        return cls(index // 4, index % 4 + 1)

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.start_year * 4 + self.q - 1

    @property
    def financial_year(self) -> str:
        """The financial year, e.g. ``"2023-24"``."""
        return fy_label(self.start_year)

    @property
    def label(self) -> str:
        """The quarter as people write it, e.g. ``"2023-24 Q3"``."""
        return f"{self.financial_year} Q{self.q}"

    @property
    def slug(self) -> str:
        """The folder name, e.g. ``"2023-24-Q3"``."""
        return f"{self.financial_year}-Q{self.q}"

    @property
    def start_date(self) -> dt.date:
        """First day of the quarter."""
        month = 4 + 3 * (self.q - 1)
        year = self.start_year if month <= 12 else self.start_year + 1
        return dt.date(year, (month - 1) % 12 + 1, 1)

    @property
    def end_date(self) -> dt.date:
        """Last day of the quarter (e.g. 31 December 2023 for 2023-24 Q3)."""
        nxt = self + 1
        return nxt.start_date - dt.timedelta(days=1)

    @property
    def months(self) -> str:
        """The quarter's months, e.g. ``"October to December 2023"``."""
        first = self.start_date
        last = self.end_date
        return f"{first:%B} to {last:%B %Y}"

    def __add__(self, n: int) -> Quarter:
        return Quarter.from_index(self.index + n)

    def __sub__(self, n: int) -> Quarter:
        return Quarter.from_index(self.index - n)

    def __str__(self) -> str:
        return self.label


def fy_label(start_year: int) -> str:
    """Label of the financial year starting in April of ``start_year``.

    >>> fy_label(2023)
    '2023-24'
    """
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def fy_start(label: str) -> int:
    """Start year of a financial year label such as ``"2023-24"``.

    Raises
    ------
    QuarterError
        If the label is not a financial year.
    """
    m = re.match(r"^\s*(\d{4})[-/](\d{2})\s*$", str(label))
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise QuarterError(f"{label!r} is not a financial year such as 2023-24")
    return int(m.group(1))


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    """All quarters from ``first`` to ``last`` inclusive."""
    return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]
