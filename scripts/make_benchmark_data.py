"""Generate illustrative comparator sources for the fictional London Borough of Brentmoor.

Writes two comparator sources, each a mapping YAML and its files
(``docs/methodology.md`` section 9), into ``data/comparators/``::

    fictional_group.yml  the mapping of the two long-layout files below
    quarterly.csv        quarters 2022-23 Q1 to 2023-24 Q3, with numerators and denominators
    annual.csv           financial years 2022-23 and 2023-24
    ehcp_20_weeks.yml    the mapping of the two DfE-layout releases below (NS08)
    sen2_mi_2023.csv     DfE SEN2 layout, calendar years 2018-2022, released 22 June 2023
    sen2_mi_2024.csv     the same, 2019-2023, released 13 June 2024 (one figure revised)
    README.md            what the files are

The long files hold 15 of the sample's PIs for 34 areas: the 33 fictional
comparators listed below (made-up names, made-up ``X09`` codes that no real
area has) and Brentmoor itself. The group's codes and Brentmoor's code are
read from the ``benchmarking`` block of ``data/council.yml``, so the files and
the configuration always agree. The DfE-layout releases
(``scripts/dfe_sample.py``) hold NS08, EHC plans issued within 20 weeks, for
the same 34 areas in a made-up region, with suppressed (``c``), not
available (``x``), not applicable (``z``), ``low``, ``u`` and 0/0 rows; their
Brentmoor rows for calendar years 2020-2023 are the sums of its four
quarters' numerators and denominators in the sample returns.

Brentmoor's rows are its own figures, taken from the rated panel that
``perflib.build.prepared.prepare_quarter`` builds from the sample returns, so they
agree with the report exactly (the year to date for cumulative PIs; a
financial year's row is the PI's figure for its reporting quarter, or the Q4
year to date). The comparators' figures are drawn around Brentmoor's level:
each area has its own offset, follows half of Brentmoor's movement from
period to period, and has some noise of its own.

The output is deterministic: every draw comes from ``numpy``'s
``default_rng`` seeded with :data:`SEED` and the PI's position, values are
rounded half away from zero with :mod:`decimal`, and the files are written
with fixed formatting, so two runs give byte-identical files.

Usage (``make sample-data`` runs it after the returns are made)::

    python scripts/make_benchmark_data.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from dfe_sample import write_dfe_sample  # noqa: E402

from perflib.build.prepared import prepare_quarter  # noqa: E402
from perflib.core.config import load_config  # noqa: E402
from perflib.core.quarters import Quarter, quarter_range  # noqa: E402

SEED = 20240318
REPORT_QUARTER = "2023-24 Q3"
QUARTERS = [q.label for q in quarter_range(Quarter.parse("2022-23 Q1"), Quarter.parse(REPORT_QUARTER))]
YEARS = ["2022-23", "2023-24"]
OWN_NAME = "Brentmoor"

#: Fictional comparator names, in the order of ``benchmarking.group`` in data/council.yml.
AREA_NAMES = [
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
]


@dataclass(frozen=True)
class Spec:
    """How one PI's comparator figures are published and spread.

    Attributes
    ----------
    area_sd : float
        Spread of the areas' own levels around the group's centre.
    noise_sd : float
        Period-to-period noise of each area.
    counts : str
        ``"all"`` every area gives numerator and denominator, ``"some"`` about
        70% do, ``""`` none.
    periods : str
        ``"quarters"`` (QUARTERS), ``"years"`` (YEARS, annual PIs), or
        ``"collection"`` (quarters of 2023-24 and the financial year 2022-23,
        as council tax collection is published).
    suppressed : float
        Share of comparator figures published as ``[c]``.
    """

    area_sd: float
    noise_sd: float
    counts: str = ""
    periods: str = "quarters"
    suppressed: float = 0.0


SPECS: dict[str, Spec] = {
    "RF05": Spec(1.0, 0.3, counts="all", periods="collection"),
    "RF06": Spec(1.2, 0.4, counts="all"),
    "RF07": Spec(1.0, 0.3),
    "RF11": Spec(6.0, 2.0, periods="years"),
    "RF13": Spec(8.0, 5.0, counts="all"),
    "CS01": Spec(6.0, 1.5, counts="all"),
    "CS02": Spec(12.0, 4.0),
    "CS08": Spec(2.5, 0.6),
    "NS05": Spec(6.0, 3.0, counts="some"),
    "NS08": Spec(18.0, 8.0),  # published by DfE instead (DFE_PI): not written to the long files
    "NS09": Spec(0.5, 0.2),
    "NS10": Spec(0.8, 0.3),
    "NS12": Spec(7.0, 3.0),
    "NS14": Spec(4.0, 2.0, suppressed=0.04),
    "NS16": Spec(4.0, 1.5, periods="years"),
    "NS17": Spec(3.0, 0.8),
}
#: The PI whose comparator figures come as DfE publishes them (scripts/dfe_sample.py).
DFE_PI = "NS08"
#: Calendar years of the DfE releases for which Brentmoor's figure is the sum of its four quarters.
DFE_OWN_YEARS = (2020, 2021, 2022, 2023)
#: One comparator that never publishes care-leaver figures ("[x]": not available).
NOT_AVAILABLE = ("NS12", 7)


def half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero (as perflib rounds)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def own_figures(panel, code: str) -> dict[str, tuple[float, float, float]]:
    """Brentmoor's (value, numerator, denominator) per comparator period, from the rated panel."""
    rows = panel[panel["pi_code"].eq(code)].sort_values("quarter_index")
    cumulative = rows["measure_type"].iloc[0] == "cumulative"
    num_col, den_col = ("ytd_numerator", "ytd_denominator") if cumulative else ("numerator", "denominator")
    out = {}
    for r in rows.itertuples():
        out[r.quarter] = (float(r.value), float(getattr(r, num_col)), float(getattr(r, den_col)))
    for fy in YEARS:
        due = rows[rows["financial_year"].eq(fy) & rows["due"] & rows["value"].notna()]
        if len(due):
            last = due.iloc[-1]
            out[fy] = (float(last["value"]), float(last[num_col]), float(last[den_col]))
    return out


def periods_for(spec: Spec) -> list[str]:
    """The comparator periods published for a PI."""
    if spec.periods == "years":
        return list(YEARS)
    if spec.periods == "collection":
        return ["2022-23"] + [q for q in QUARTERS if q.startswith("2023-24")]
    return list(QUARTERS)


def fmt(value: float | Decimal | None, decimals: int) -> str:
    """A number as written in the file (blank when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{half_up(float(value), decimals):f}"


def generate(out: Path) -> list[Path]:
    """Write the comparator files to ``out``; return their paths."""
    config = load_config()
    bench = config.benchmarking
    if bench is None or len(bench.group) != len(AREA_NAMES):
        raise SystemExit("data/council.yml needs a benchmarking block with 33 group codes")
    areas = list(zip(bench.group, AREA_NAMES, strict=False))
    panel = prepare_quarter(REPORT_QUARTER, config).panel
    ind = panel.drop_duplicates("pi_code").set_index("pi_code")
    quarterly: list[list[str]] = []
    annual: list[list[str]] = []
    for pi_index, (code, spec) in enumerate(SPECS.items()):
        if code == DFE_PI:
            continue
        rng = np.random.default_rng([SEED, pi_index])
        unit, decimals = ind.at[code, "unit"], int(ind.at[code, "decimals"])
        own = own_figures(panel, code)
        periods = periods_for(spec)
        own_values = np.array([own.get(p, (math.nan,) * 3)[0] for p in periods], dtype=float)
        own_mean = float(np.nanmean(own_values))
        centre = own_mean + spec.area_sd * rng.normal(0, 0.6)
        offsets = rng.normal(0, spec.area_sd, len(areas))
        sizes = np.exp(rng.normal(0, 0.35, len(areas)))
        publishes = rng.random(len(areas)) < (1.0 if spec.counts == "all" else 0.7 if spec.counts == "some" else 0.0)
        for p_index, period in enumerate(periods):
            value, num, den = own.get(period, (math.nan, math.nan, math.nan))
            movement = 0.0 if math.isnan(own_values[p_index]) else 0.5 * (own_values[p_index] - own_mean)
            noise = rng.normal(0, spec.noise_sd, len(areas))
            suppress = rng.random(len(areas)) < spec.suppressed
            rows: list[list[str]] = []
            with_counts = bool(spec.counts) and not math.isnan(num) and not math.isnan(den)
            rows.append(
                [
                    bench.own_area_code,
                    OWN_NAME,
                    period,
                    code,
                    fmt(value, decimals),
                    fmt(num, 0) if with_counts else "",
                    fmt(den, 0) if with_counts else "",
                ]
            )
            own_den = den if not math.isnan(den) else 1000.0
            for a, (area_code, area_name) in enumerate(areas):
                level = centre + offsets[a] + movement + noise[a]
                if unit == "percent":
                    level = min(max(level, 0.0), 100.0)
                elif code != "NS17":
                    level = max(level, 0.0)
                a_num = a_den = ""
                if publishes[a] and spec.counts:
                    d = max(int(round(own_den * sizes[a])), 10)
                    n_ = int(round(d * level / 100.0))
                    text = fmt(100.0 * n_ / d, decimals)
                    a_num, a_den = str(n_), str(d)
                else:
                    text = fmt(level, decimals)
                if suppress[a]:
                    text, a_num, a_den = "[c]", "", ""
                if (code, a) == NOT_AVAILABLE:
                    text, a_num, a_den = "[x]", "", ""
                rows.append([area_code, area_name, period, code, text, a_num, a_den])
            rows.sort(key=lambda r: r[0])
            if "Q" in period:
                quarterly += rows
            else:
                annual += [r[:5] for r in rows]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header, rows in (
        (
            "quarterly.csv",
            ["area_code", "area_name", "period", "indicator_id", "value", "numerator", "denominator"],
            quarterly,
        ),
        ("annual.csv", ["area_code", "area_name", "period", "indicator_id", "value"], annual),
    ):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        (out / name).write_text(buf.getvalue(), encoding="utf-8")
        written.append(out / name)
    (out / LONG_MAPPING).write_text(LONG_MAPPING_TEXT, encoding="utf-8")
    written.append(out / LONG_MAPPING)
    written += write_dfe_sample(out, calendar_year_figures(panel, DFE_PI, DFE_OWN_YEARS))
    pis = [c for c in SPECS if c != DFE_PI]
    (out / "README.md").write_text(
        README.format(group=bench.group_name, own=bench.own_area_code, pis=", ".join(pis), n=len(pis)),
        encoding="utf-8",
    )
    written.append(out / "README.md")
    return sorted(written)


def calendar_year_figures(panel, code: str, years: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    """Brentmoor's (numerator, denominator) per calendar year: the sums over the year's four quarters.

    A calendar year is the last quarter of one financial year (January-March)
    and the first three of the next: 2023 is 2022-23 Q4 and 2023-24 Q1-Q3.
    """
    rows = panel[panel["pi_code"].eq(code)].set_index("quarter")
    out = {}
    for year in years:
        quarters = [f"{year - 1}-{year % 100:02d} Q4"] + [f"{year}-{(year + 1) % 100:02d} Q{q}" for q in (1, 2, 3)]
        num = [rows.at[q, "numerator"] for q in quarters]
        den = [rows.at[q, "denominator"] for q in quarters]
        out[year] = (int(sum(num)), int(sum(den)))
    return out


LONG_MAPPING = "fictional_group.yml"
LONG_MAPPING_TEXT = """\
# Illustrative: the sample's fictional comparator figures in perflib's long layout
# (scripts/make_benchmark_data.py). The group and Brentmoor's code are those of
# the benchmarking block of data/council.yml.
name: Comparator figures (fictional, perflib long layout)
layout: long
files:
  - quarterly.csv
  - annual.csv
# These rates rest on thousands of cases per area, and the areas differ by more
# than chance alone: funnel plot limits allow for over-dispersion (applied only
# when the group's phi is above 1; docs/methodology.md section 9).
overdispersion: true
"""

README = """\
# Comparator sources (illustrative)

**Everything here is fictional.** The 33 comparator areas ("Applewick" to
"Honeysuckle Vale") and their `X09` codes are made up, and so are their
figures. Brentmoor ({own}) is the sample council; its rows are its own figures
from the sample returns, so they agree with the report.

Generated by `scripts/make_benchmark_data.py` (deterministic; do not edit by
hand; `make sample-data` runs it). A comparator source is a mapping YAML plus
the files it names (`docs/methodology.md` section 9). There are two:

**`fictional_group.yml`**: `quarterly.csv` and `annual.csv` in perflib's own
long layout, one row per area, period and indicator. The group,
`{group}`, and Brentmoor's code are those of the `benchmarking` block of
`data/council.yml`.

| column | meaning |
| --- | --- |
| `area_code` | the area's code |
| `area_name` | the area's name |
| `period` | a quarter (`2023-24 Q3`) or a financial year (`2023-24`) |
| `indicator_id` | the PI code from `data/catalogue/indicators.csv` |
| `value` | the figure, measured as the report measures it (the year to date for cumulative PIs); blank, `[c]` (suppressed) or `[x]` (not available) when there is none |
| `numerator`, `denominator` | optional: the counts behind a percentage |

* `quarterly.csv`: 2022-23 Q1 to 2023-24 Q3, with numerators and denominators
  where the release gives them;
* `annual.csv`: financial years 2022-23 and 2023-24 (annual PIs, and council
  tax collection for 2022-23).

{n} PIs: {pis}.

**`ehcp_20_weeks.yml`**: NS08, EHC plans issued within 20 weeks, as DfE
publishes it (the columns of SEN2's `sen2_mi.csv`): a calendar-year series in
two overlapping releases, `sen2_mi_2023.csv` (2018-2022, released 22 June
2023) and `sen2_mi_2024.csv` (2019-2023, released 13 June 2024, revising one
figure), with National, Regional and Local authority rows and the markers
`c`, `x`, `z`, `low`, `u` and 0/0 rows. The group is the made-up region
`X12000007`. Brentmoor's rows for 2020-2023 are the sums of its quarters'
numerators and denominators in the sample returns.
"""


def main(argv: list[str] | None = None) -> int:
    """Command line: write the files to ``--out`` (default ``data/comparators``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "comparators", help="folder for the sources")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
