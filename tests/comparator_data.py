"""A small comparator group for the benchmarking tests: five areas and the council (OWN), figures by hand.

One long-layout source (``test.yml``) with two files. Every PI's figures are
chosen so that rank, ties, quartile, median, group average and funnel can be
worked out by hand in the tests (the arithmetic is in their comments).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

GROUP = ("A01", "A02", "A03", "A04", "A05")
MAPPING = """\
name: Test figures
layout: long
files: [quarterly.csv, annual.csv]
group_name: Test group
"""
QUARTERLY = """\
area_code,area_name,period,indicator_id,value,numerator,denominator
OWN,Ourtown,2023-24 Q3,XX01,70,,
A01,Area One,2023-24 Q3,XX01,80,,
A02,Area Two,2023-24 Q3,XX01,60,,
A03,Area Three,2023-24 Q3,XX01,60,,
A04,Area Four,2023-24 Q3,XX01,50,,
A05,Area Five,2023-24 Q3,XX01,40,,
Z99,Not In Group,2023-24 Q3,XX01,99,,
OWN,Ourtown,2023-24,XX01,10,,
A01,Area One,2023-24,XX01,20,,
OWN,Ourtown,2023-24 Q3,XX02,70,,
A01,Area One,2023/24 Q3,XX02,80,,
A02,Area Two,2023-24-Q3,XX02,60,,
A03,Area Three,2023-24 Q3,XX02,60,,
A04,Area Four,2023-24 Q3,XX02,50,,
A05,Area Five,2023-24 Q3,XX02,40,,
OWN,Ourtown,2023-24 Q3,XX03,60,,
A01,Area One,2023-24 Q3,XX03,80,,
A02,Area Two,2023-24 Q3,XX03,60,,
A03,Area Three,2023-24 Q3,XX03,60,,
A04,Area Four,2023-24 Q3,XX03,50,,
A05,Area Five,2023-24 Q3,XX03,40,,
OWN,Ourtown,2023-24 Q3,XX04,30.0,30,100
A01,Area One,2023-24 Q3,XX04,20.0,10,50
A02,Area Two,2023-24 Q3,XX04,30.0,45,150
A03,Area Three,2023-24 Q3,XX04,50.0,20,40
A04,Area Four,2023-24 Q3,XX04,50.0,5,10
A05,Area Five,2023-24 Q3,XX04,45.0,90,200
OWN,Ourtown,2023-24 Q3,XX05,30.0,30,100
A01,Area One,2023-24 Q3,XX05,20.0,10,50
A02,Area Two,2023-24 Q3,XX05,30.0,45,150
A03,Area Three,2023-24 Q3,XX05,50.0,20,40
A04,Area Four,2023-24 Q3,XX05,50.0,5,10
A05,Area Five,2023-24 Q3,XX05,45.0,,
OWN,Ourtown,2023-24 Q3,XX06,10.0,,
A01,Area One,2023-24 Q3,XX06,12.0,,
A02,Area Two,2023-24 Q3,XX06,8.0,,
A03,Area Three,2023-24 Q3,XX06,[c],,
A04,Area Four,2023-24 Q3,XX06,,,
A05,Area Five,2023-24 Q3,XX06,9.0,,
A01,Area One,2023-24 Q3,XX07,55,,
A02,Area Two,2023-24 Q3,XX07,45,,
OWN,Ourtown,2023-24 Q3,TT01,90,,
A01,Area One,2023-24 Q3,TT01,90,,
A02,Area Two,2023-24 Q3,TT01,90,,
A03,Area Three,2023-24 Q3,TT01,80,,
A04,Area Four,2023-24 Q3,TT01,60,,
A05,Area Five,2023-24 Q3,TT01,60,,
OWN,Ourtown,2023-24 Q3,SS01,[c],[c],[c]
A01,Area One,2023-24 Q3,SS01,40.0,40,100
A02,Area Two,2023-24 Q3,SS01,50.0,50,100
A03,Area Three,2023-24 Q3,SS01,60.0,120,200
A04,Area Four,2023-24 Q3,SS01,70.0,70,100
A05,Area Five,2023-24 Q3,SS01,80.0,80,100
OWN,Ourtown,2023-24 Q3,ZZ01,1,,
A01,Area One,2023-24 Q3,ZZ01,2,,
OWN,Ourtown,2023-24 Q3,SC01,3,,
A01,Area One,2023-24 Q3,SC01,12,,
A02,Area Two,2023-24 Q3,SC01,20,,
A03,Area Three,2023-24 Q3,SC01,9,,
A04,Area Four,2023-24 Q3,SC01,15,,
OWN,Ourtown,2023-24 Q3,SC02,50.0,4,8
A01,Area One,2023-24 Q3,SC02,40.0,40,100
A02,Area Two,2023-24 Q3,SC02,60.0,60,100
A03,Area Three,2023-24 Q3,SC02,45.0,45,100
A04,Area Four,2023-24 Q3,SC02,55.0,55,100
"""
ANNUAL = """\
area_code,area_name,period,indicator_id,value
OWN,Ourtown,2023-24,YY01,61
A01,Area One,2023-24,YY01,64
A02,Area Two,2023-24,YY01,58
A03,Area Three,2023-24,YY01,70
A04,Area Four,2023-24,YY01,55
OWN,Ourtown,2022-23,YY01,59
A01,Area One,2022-23,YY01,62
OWN,Ourtown,2023-24,YY03,1
A01,Area One,2023-24,YY03,2
A02,Area Two,2023-24,YY03,3
A03,Area Three,2023-24,YY03,4
OWN,Ourtown,2023-24 Q3,YY03,40
A01,Area One,2023-24 Q3,YY03,30
A02,Area Two,2023-24 Q3,YY03,20
A03,Area Three,2023-24 Q3,YY03,10
"""


def write_source(folder: Path) -> Path:
    """Write the mapping and both files into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.yml").write_text(MAPPING, encoding="utf-8")
    (folder / "quarterly.csv").write_text(QUARTERLY, encoding="utf-8")
    (folder / "annual.csv").write_text(ANNUAL, encoding="utf-8")
    return folder


def scorecard() -> pd.DataFrame:
    """The report quarter's scorecard columns the benchmarking rules read, one row per test PI."""
    rows = [  # pi_code, good_direction, unit (sensitive: only SC01 and SC02)
        ("XX01", "higher", "percent"),
        ("XX02", "lower", "percent"),
        ("XX03", "higher", "percent"),
        ("XX04", "higher", "percent"),
        ("XX05", "higher", "percent"),
        ("XX06", "range", "percent"),
        ("XX07", "higher", "percent"),
        ("TT01", "higher", "percent"),
        ("SS01", "higher", "percent"),
        ("YY01", "higher", "percent"),
        ("YY03", "higher", "percent"),
        ("ZZ01", "lower", "count"),
        ("QQ01", "higher", "percent"),
        ("SC01", "lower", "count"),
        ("SC02", "higher", "percent"),
    ]
    frame = pd.DataFrame(rows, columns=["pi_code", "good_direction", "unit"])
    frame["sensitive"] = frame["pi_code"].isin(["SC01", "SC02"]).map({True: "yes", False: "no"})
    return frame


def dfe_figures(path: Path, year: str) -> dict[str, tuple[float, int, int]]:
    """Area code -> (published rate, plans within 20 weeks, plans) of one year of a SEN2-layout release.

    Read with the csv module alone, as an independent check of perflib's reading:
    Local authority rows of the year only; a marker or a 0/0 row is no figure.
    """
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["geographic_level"] != "Local authority" or r["time_period"] != year:
                continue
            try:
                rate, num, den = float(r["no_exc_20week_rate"]), int(r["no_exc_20week_ehc"]), int(r["tot_no_exc_ehc"])
            except ValueError:
                continue
            if num == 0 and den == 0:
                continue
            out[r["new_la_code"]] = (rate, num, den)
    return out
