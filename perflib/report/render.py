"""Rendering report HTML: the Jinja2 environment of the section templates, and the HTML object shown.

Sections are rendered by Jinja2 with autoescaping, so text from the returns is
always shown as text, never as markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import pandas as pd

from perflib.core import paths
from perflib.report.wording import STATUS_SYMBOLS, css_class


@dataclass(frozen=True)
class HTML:
    """A piece of report HTML; JupyterLab and nbconvert show it as HTML."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

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
