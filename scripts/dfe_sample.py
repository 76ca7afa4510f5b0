"""An illustrative DfE-layout comparator source for the sample: EHC plans issued within 20 weeks (NS08).

Everything is **fictional**: the 34 areas are the sample's made-up ``X09``
areas (Brentmoor, ``X09000034``, is the sample council), in a made-up region
``X12000007``; the figures are drawn at random. Only the layout is real: the
columns of DfE's SEN2 ``sen2_mi.csv`` (explore-education-statistics "Education,
health and care plans"), a calendar-year annual series (``time_period`` 2018
to 2023, ``time_identifier`` "Calendar year") with National, Regional and
Local authority rows and the timeliness indicators ``tot_no_exc_ehc``,
``no_exc_20week_ehc`` and ``no_exc_20week_rate`` (excluding exceptions, as
NS08 is defined) and their ``inc_exc`` versions. ``scripts/make_benchmark_data.py``
writes it into ``data/comparators/`` with Brentmoor's own figures taken from
the sample returns.

Two releases overlap, as every DfE release does: ``sen2_mi_2023.csv``
(released 22 June 2023, 2018-2022) and ``sen2_mi_2024.csv`` (released
13 June 2024, 2019-2023), the later revising one figure (:data:`REVISED`).
Some rows have no figure: :data:`MISSING` lists each marker (``x``, ``c``,
``z``, ``low``, ``u``) and the 0/0 rows. :func:`make_dfe_sample` also gives
the mapping YAML. The output is deterministic (seeded draws, rounding half
up), byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

SEED = 20240613
OWN_CODE = "X09000034"
REGION = ("X12000007", "Fictional London")
COUNTRY = ("E92000001", "England")
#: The sample's fictional areas, in code order (Brentmoor last).
AREA_NAMES: tuple[str, ...] = (
    "Applewick",
    "Bramblecote",
    "Copperfen",
    "Duskwater",
    "Elderbrook Vale",
    "Fernhollow",
    "Gorsemoor",
    "Hollyreach",
    "Ivystead",
    "Juniper Cross",
    "Kestrelmead",
    "Larkspur Heath",
    "Marigold Park",
    "Nettlefold",
    "Oakhaven",
    "Pebblemarsh",
    "Quillfield",
    "Rookwood Green",
    "Saffron Reach",
    "Thistledown",
    "Umberwick",
    "Vellumgate",
    "Willowmere",
    "Yarrowdale",
    "Zephyr Bank",
    "Amberfold",
    "Bluebell Common",
    "Clovermead",
    "Driftwood Lea",
    "Emberhurst",
    "Foxglove Rise",
    "Glimmerton",
    "Honeysuckle Vale",
    "Brentmoor",
)
AREAS: tuple[tuple[str, str], ...] = tuple((f"X09{i:06d}", name) for i, name in enumerate(AREA_NAMES, 1))
COLUMNS: tuple[str, ...] = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "tot_inc_exc_ehc",
    "inc_exc_20week_ehc",
    "inc_exc_20week_rate",
    "tot_no_exc_ehc",
    "no_exc_20week_ehc",
    "no_exc_20week_rate",
)
YEARS: tuple[int, ...] = (2018, 2019, 2020, 2021, 2022, 2023)
#: (area, year) -> how the row is published instead of figures.
MISSING: dict[tuple[str, int], str] = {
    ("X09000007", 2020): "c",
    ("X09000012", 2018): "x",
    ("X09000012", 2019): "x",
    ("X09000019", 2021): "0/0 z",
    ("X09000023", 2022): "0/0 0",
    ("X09000027", 2023): "low",
    ("X09000030", 2019): "u",
    ("X09000015", 2023): "z",
}
#: The figure the 2024 release revises: (area, year, plans within 20 weeks added).
REVISED: tuple[str, int, int] = ("X09000005", 2021, 3)


@dataclass(frozen=True)
class Release:
    """One published release: its file name, release date and years."""

    file: str
    released: dt.date
    years: tuple[int, ...]


RELEASES: tuple[Release, ...] = (
    Release("sen2_mi_2023.csv", dt.date(2023, 6, 22), YEARS[:-1]),
    Release("sen2_mi_2024.csv", dt.date(2024, 6, 13), YEARS[1:]),
)
MAPPING_FILE = "ehcp_20_weeks.yml"


def _rate(num: int, den: int) -> str:
    return str((Decimal(100 * num) / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _draw_counts(own_figures: Mapping[int, tuple[int, int]]) -> dict[tuple[str, int], tuple[int, int, int, int]]:
    """(area, year) -> (plans incl. exceptions, within 20 weeks, plans excl. exceptions, within 20 weeks)."""
    rng = np.random.default_rng(SEED)
    out = {}
    for code, _ in AREAS:
        level, size = rng.normal(52.0, 18.0), int(rng.integers(60, 420))
        for year in YEARS:
            den_no = max(8, int(size * rng.uniform(0.8, 1.2)))
            rate = float(np.clip(level + rng.normal(0.0, 7.0), 3.0, 99.0)) / 100.0
            num_no = int(Decimal(den_no * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            exceptions = int(rng.integers(0, 12))
            den_inc, num_inc = den_no + exceptions, num_no + int(rng.integers(0, exceptions + 1))
            out[(code, year)] = (den_inc, num_inc, den_no, num_no)
    for year, (num, den) in own_figures.items():
        out[(OWN_CODE, year)] = (den, num, den, num)
    return out


def _la_cells(counts: tuple[int, int, int, int], missing: str | None) -> list[str]:
    den_inc, num_inc, den_no, num_no = counts
    cells = [str(den_inc), str(num_inc), _rate(num_inc, den_inc), str(den_no), str(num_no), _rate(num_no, den_no)]
    if missing is None:
        return cells
    if missing.startswith("0/0"):
        rate = missing.split()[1]
        return ["0", "0", rate, "0", "0", rate]
    if missing == "low":
        return ["3", "low", "low", "3", "low", "low"]
    if missing == "u":
        return cells[:2] + ["u"] + cells[3:5] + ["u"]
    return [missing] * 6


def _aggregate(rows: list[tuple[int, int, int, int]]) -> list[str]:
    den_inc, num_inc, den_no, num_no = (sum(r[i] for r in rows) for i in range(4))
    return [str(den_inc), str(num_inc), _rate(num_inc, den_inc), str(den_no), str(num_no), _rate(num_no, den_no)]


def _year_rows(year: int, counts: dict, newer: bool) -> list[list[str]]:
    time = [str(year), "Calendar year"]
    la_counts = []
    la_rows = []
    for i, (code, name) in enumerate(AREAS, 1):
        figures = counts[(code, year)]
        if newer and (code, year) == REVISED[:2]:
            figures = (figures[0], figures[1] + REVISED[2], figures[2], figures[3] + REVISED[2])
        missing = MISSING.get((code, year))
        if missing is None:
            la_counts.append(figures)
        la_rows.append(
            [*time, "Local authority", *COUNTRY, *REGION, str(900 + i), code, name, *_la_cells(figures, missing)]
        )
    totals = _aggregate(la_counts)
    return [
        [*time, "National", *COUNTRY, "", "", "", "", "", *totals],
        [*time, "Regional", *COUNTRY, *REGION, "", "", "", *totals],
        *la_rows,
    ]


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def mapping_yaml() -> str:
    """The mapping YAML for the two sample releases.

    Returns
    -------
    str
        YAML text naming both releases with their dates, NS08 and the group.
    """
    files = "\n".join(f"  - {{file: {r.file}, released: {r.released.isoformat()}}}" for r in RELEASES)
    return (
        f"# Illustrative: fictional areas and figures in DfE's SEN2 layout (scripts/dfe_sample.py).\n"
        f"name: EHC plans issued within 20 weeks (DfE SEN2, fictional)\nlayout: dfe\nfiles:\n{files}\n"
        "indicators:\n  no_exc_20week_rate:\n    pi: NS08\n    numerator: no_exc_20week_ehc\n"
        "    denominator: tot_no_exc_ehc\n"
        "    # lookback_months: 36          # optional: this PI's look-back (the methodology's otherwise)\n"
        "    overdispersion: false\n"
        f"group: {{region_code: {REGION[0]}}}\nown_area_code: {OWN_CODE}\n"
    )


def make_dfe_sample(own_figures: Mapping[int, tuple[int, int]] | None = None) -> dict[str, str]:
    """The two sample releases and their mapping, as text.

    Parameters
    ----------
    own_figures : mapping, optional
        Calendar year -> (plans within 20 weeks, plans) for Brentmoor, so that
        its row can agree with the sample returns; by default drawn like the
        others.

    Returns
    -------
    dict
        File name -> text: ``sen2_mi_2023.csv``, ``sen2_mi_2024.csv`` and
        ``ehcp_20_weeks.yml``.
    """
    counts = _draw_counts(own_figures or {})
    out = {}
    for n, release in enumerate(RELEASES):
        out[release.file] = _csv([row for year in release.years for row in _year_rows(year, counts, n > 0)])
    out[MAPPING_FILE] = mapping_yaml()
    return out


def write_dfe_sample(folder: str | Path, own_figures: Mapping[int, tuple[int, int]] | None = None) -> list[Path]:
    """Write :func:`make_dfe_sample`'s files into ``folder``.

    Parameters
    ----------
    folder : str or Path
        Created if needed.
    own_figures : mapping, optional
        As for :func:`make_dfe_sample`.

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in make_dfe_sample(own_figures).items():
        path = target / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths
