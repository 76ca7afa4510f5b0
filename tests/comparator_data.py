"""A small comparator group for the benchmarking tests: five areas and the council (OWN), figures by hand."""

from __future__ import annotations

import pandas as pd

GROUP = ("A01", "A02", "A03", "A04", "A05")
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
OWN,Ourtown,2023-24 Q3,ZZ01,1,,
A01,Area One,2023-24 Q3,ZZ01,2,,
"""
ANNUAL = """\
area_code,area_name,period,indicator_id,value
OWN,Ourtown,2023-24,YY01,61
A01,Area One,2023-24,YY01,64
A02,Area Two,2023-24,YY01,58
A03,Area Three,2023-24,YY01,70
A04,Area Four,2023-24,YY01,55
OWN,Ourtown,2022-23,YY01,59
OWN,Ourtown,2023-24,YY03,1
A01,Area One,2023-24,YY03,2
A02,Area Two,2023-24,YY03,3
A03,Area Three,2023-24,YY03,4
OWN,Ourtown,2023-24 Q3,YY03,40
A01,Area One,2023-24 Q3,YY03,30
A02,Area Two,2023-24 Q3,YY03,20
A03,Area Three,2023-24 Q3,YY03,10
"""


def scorecard() -> pd.DataFrame:
    """The report quarter's scorecard columns the benchmarking rules read, one row per test PI."""
    rows = [  # pi_code, good_direction, unit, frequency, measure_type, due
        ("XX01", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX02", "lower", "percent", "quarterly", "in_quarter", True),
        ("XX03", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX04", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX05", "higher", "percent", "quarterly", "in_quarter", True),
        ("XX06", "range", "percent", "quarterly", "snapshot", True),
        ("XX07", "higher", "percent", "quarterly", "in_quarter", True),
        ("YY01", "higher", "percent", "annual", "in_quarter", True),
        ("YY03", "higher", "percent", "annual", "in_quarter", True),
        ("ZZ01", "lower", "count", "annual", "in_quarter", False),
        ("QQ01", "higher", "percent", "quarterly", "in_quarter", True),
    ]
    frame = pd.DataFrame(rows, columns=["pi_code", "good_direction", "unit", "frequency", "measure_type", "due"])
    frame["quarter"] = "2023-24 Q3"
    return frame
