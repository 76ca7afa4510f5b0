"""Rendering report HTML: the Jinja2 environment of the section templates, and the HTML object shown.

Sections are rendered by Jinja2 with autoescaping, so text from the returns is
always shown as text, never as markup.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import pandas as pd

from perflib.core import paths
from perflib.report import palette
from perflib.report.wording import STATUS_SYMBOLS, css_class

#: The class of the box a section is shown in, in JupyterLab; the report's stylesheet is scoped to it.
LAB_SCOPE = "perflib-report"
_LAB_OPEN = f'<div class="{LAB_SCOPE}"><style>'
#: Twice the class: JupyterLab's own table rules (``.jp-RenderedHTMLCommon tbody tr th``...) are outranked.
_LAB_SCOPE_SELECTOR = f"div.{LAB_SCOPE}.{LAB_SCOPE}"
#: JupyterLab's own table look, undone inside the box (striped and hovered rows, fixed layout, centring).
_LAB_RESETS = (
    f"{_LAB_SCOPE_SELECTOR} tbody tr:nth-child(odd), {_LAB_SCOPE_SELECTOR} tbody tr:hover "
    "{ background: transparent; }\n"
    f"{_LAB_SCOPE_SELECTOR} table {{ table-layout: auto; margin-left: 0; margin-right: 0; }}\n"
    f"{_LAB_SCOPE_SELECTOR} th, {_LAB_SCOPE_SELECTOR} td {{ line-height: 1.45; max-width: none; }}\n"
)


def _scope_selectors(selectors: str) -> str:
    out = []
    for sel in (s.strip() for s in selectors.split(",")):
        if sel in (":root", "html", "body"):
            out.append(_LAB_SCOPE_SELECTOR)
        else:
            out.append(f"{_LAB_SCOPE_SELECTOR} {sel}")
    return ", ".join(out)


def _scope_rules(css: str) -> str:
    """Each rule of ``css`` scoped to the section box; ``@media print`` and ``@page`` dropped."""
    out: list[str] = []
    i = 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            break
        head = css[i:brace].strip()
        depth, j = 1, brace + 1
        while j < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        body = css[brace + 1 : j - 1]
        if head.startswith("@media"):
            if "print" not in head:
                out.append(f"{head} {{\n{_scope_rules(body)}}}")
        elif not head.startswith("@"):
            out.append(f"{_scope_selectors(head)} {{{body}}}")
        i = j
    return "\n".join(out) + "\n"


@cache
def stylesheet() -> str:
    """The report's whole stylesheet: the palette's custom properties, then ``report.css``.

    Returns
    -------
    str
        CSS; the colours come from :mod:`perflib.report.palette` only.
    """
    return palette.css_variables() + paths.STYLESHEET.read_text(encoding="utf-8")


@cache
def lab_stylesheet() -> str:
    """The report's stylesheet scoped to the box each section is shown in, in JupyterLab.

    Every selector is prefixed with ``div.perflib-report.perflib-report``
    (``:root``, ``html`` and ``body`` become the box itself; the class twice
    outranks JupyterLab's own rules for tables), so the report looks as published
    while JupyterLab's own look is untouched; print rules are left out. Made
    from :func:`stylesheet`, so it is never written twice.

    Returns
    -------
    str
        CSS.
    """
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    return _scope_rules(css) + _LAB_RESETS


def unwrap_lab(text: str) -> str:
    """The report HTML inside a JupyterLab box (:meth:`HTML._repr_html_`), or ``text`` when it is not one.

    Parameters
    ----------
    text : str
        A cell's ``text/html`` output.

    Returns
    -------
    str
        Exactly the HTML perflib made (what the export publishes).
    """
    if not (text.startswith(_LAB_OPEN) and text.endswith("</div>")):
        return text
    end = text.find("</style>", len(_LAB_OPEN))
    return text[end + len("</style>") : -len("</div>")] if end >= 0 else text


@dataclass(frozen=True)
class HTML:
    """A piece of report HTML; JupyterLab and nbconvert show it as HTML.

    In a notebook it is shown inside a box carrying the report's stylesheet
    (:func:`lab_stylesheet`), so JupyterLab shows it as it will be published;
    the export takes the box off again (:func:`unwrap_lab`).
    """

    html: str

    def _repr_html_(self) -> str:
        return f"{_LAB_OPEN}{lab_stylesheet()}</style>{self.html}</div>"

    def __str__(self) -> str:
        return self.html


@cache
def _sections() -> Any:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.REPORT_TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.globals.update(status_class=css_class, symbol=lambda s: STATUS_SYMBOLS.get(s, ""))
    return env.get_template("sections.html.j2").module


def macro(name: str, *args: Any) -> HTML:
    """Render the macro ``name`` of ``sections.html.j2`` with ``args``.

    Parameters
    ----------
    name : str
    *args
        The macro's arguments (usually one dict of values).

    Returns
    -------
    HTML
    """
    return HTML(str(getattr(_sections(), name)(*args)))


def is_missing(x: Any) -> bool:
    """True for None, NaN and ``pd.NA``."""
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA
