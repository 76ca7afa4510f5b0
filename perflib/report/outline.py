"""The order of Appendix 1's sections, in one list.

The report's contents, the report notebook (which displays
:meth:`perflib.report.sections.Report.sections`) and the floor benchmark all
follow :data:`SECTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    method : str
        The :class:`~perflib.report.sections.Report` method that renders it.
    anchor : str
        Its ``id`` in the page (``""`` for sections not in the contents);
        ``"priority-"`` is followed by each priority's id.
    title : str
        Its title in the contents (``"Performance by priority: "`` is
        followed by each priority's name).
    """

    method: str
    anchor: str = ""
    title: str = ""


#: The key to statuses and arrows: part of the summary, listed in the contents.
KEY_ANCHOR, KEY_TITLE = "key", "Key to statuses and arrows"

#: Every section, in the order the report prints them.
SECTIONS: tuple[Section, ...] = (
    Section("title_block"),
    Section("summary", "summary", "Summary"),
    Section("contents"),
    Section("overall", "overall", "Overall performance"),
    Section("priorities", "priority-", "Performance by priority: "),
    Section("key_challenges", "key-challenges", "Key challenges"),
    Section("key_improvers", "key-improvers", "Key improvers"),
    Section("spc", "spc", "Is the change real? Statistical process control"),
    Section("data_quality", "data-quality", "Data quality and returns"),
    Section("scorecard", "scorecard", "Appendix 2: Corporate scorecard"),
    Section("method", "method", "Method notes"),
    Section("glossary", "glossary", "Glossary of abbreviations"),
)
