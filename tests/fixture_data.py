"""A small, hand-countable council for tests: catalogue, returns and config.

Every figure here is chosen so that its status and trends can be worked out
by hand from docs/methodology.md; tests state those hand-worked answers. The
report quarter is 2023-24 Q3. Returns exist for 2022-23 Q3 and 2023-24 Q1-Q3.

Hand count for 2023-24 Q3 (10 PIs):
  Green 2 (AA02 exactly on target, BB01 year to date 41.0 >= 40)
  Amber 3 (AA01 exactly on the 85.0 threshold, AA04 YTD 285 vs 300 (>= 270),
           BB03 66.5 exactly on the percent threshold 70 - 3.5)
  Red 2 (AA03 13.5 outside 8-12 and past 13; BB05 80 < 85, Red 3 quarters running)
  Data only 1 (BB02), No data 1 (AA05 left blank), Not due 1 (BB04 annual, Q1)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt

REPORT_QUARTER = "2023-24 Q3"

COUNCIL_YML = """\
council_name: Testshire District Council
short_name: Testshire
report_title: Strategic Performance Report
appendix_title: "Appendix 1: Strategic Performance Report"
plan_name: Testshire Plan
illustrative_notice: Test fixture data.
default_quarter: "2023-24 Q3"
return_due_days: 21
priorities:
  - {{id: residents, name: A council that puts residents first}}
  - {{id: clean_safe, name: A borough that is clean and safe}}
  - {{id: supported, name: A place where those in need are supported}}
directorates:
  - {{id: alpha, name: Alpha Services}}
  - {{id: beta, name: Beta Services}}
flagship_action_statuses:
  - {{status: Complete, rag: Complete}}
  - {{status: On track, rag: Green}}
  - {{status: At risk, rag: Amber}}
  - {{status: Off track, rag: Red}}
  - {{status: Not started, rag: Not started}}
paths:
  catalogue: {root}/catalogue
  raw: {root}/raw
  processed: {root}/processed
  outputs: {root}/outputs
"""

INDICATORS = """\
pi_code,title,definition,priority,directorate,good_direction,unit,decimals,frequency,reporting_quarter,first_year,measure_type,numerator_label,denominator_label,sensitive,source,lead_officer,portfolio_holder
AA01,Calls answered within 60 seconds,Share of calls answered within 60 seconds,residents,alpha,higher,percent,1,quarterly,,,in_quarter,Calls answered in 60s,Calls offered,no,Telephony,Head of Alpha,Cabinet Member for Alpha
AA02,Average wait to answer,Mean seconds before a call is answered,residents,alpha,lower,seconds,0,quarterly,,,in_quarter,,,no,Telephony,Head of Alpha,Cabinet Member for Alpha
AA03,Voluntary staff turnover,Leavers as a share of headcount,residents,alpha,range,percent,1,quarterly,,,snapshot,,,no,HR,Head of Alpha,Cabinet Member for Alpha
AA04,Residents helped into work,Residents supported into a job,clean_safe,alpha,higher,count,0,quarterly,,,cumulative,,,no,Employment team,Head of Alpha,Cabinet Member for Alpha
AA05,Complaints answered in time,Share of complaints answered in 10 working days,residents,alpha,higher,percent,1,quarterly,,,in_quarter,,,no,Complaints,Head of Alpha,Cabinet Member for Alpha
BB01,Household recycling rate,Household waste sent for recycling,clean_safe,beta,higher,percent,1,quarterly,,,cumulative,Tonnes recycled,Tonnes collected,no,Waste,Head of Beta,Cabinet Member for Beta
BB02,Anti-social behaviour incidents,Incidents reported to the council,clean_safe,beta,lower,count,0,quarterly,,,in_quarter,,,no,Community safety,Head of Beta,Cabinet Member for Beta
BB03,Resident satisfaction,Residents satisfied with the council (survey),residents,beta,higher,percent,1,annual,Q3,,in_quarter,,,no,Survey,Head of Beta,Cabinet Member for Beta
BB04,Air quality exceedances,Days above the NO2 limit,clean_safe,beta,lower,count,0,annual,Q1,,in_quarter,,,no,Environmental health,Head of Beta,Cabinet Member for Beta
BB05,Fly-tips cleared in one working day,Share of fly-tips cleared within one working day,clean_safe,beta,higher,percent,1,quarterly,,,in_quarter,,,no,Street scene,Head of Beta,Cabinet Member for Beta
"""

TARGETS = """\
pi_code,financial_year,target,target_upper,tolerance,tolerance_type,q1_target,q2_target,q3_target,q4_target
AA01,2022-23,90,,5,absolute,,,,
AA01,2023-24,90,,5,absolute,,,,
AA02,2022-23,60,,10,percent,,,,
AA02,2023-24,60,,10,percent,,,,
AA03,2022-23,8,12,1,absolute,,,,
AA03,2023-24,8,12,1,absolute,,,,
AA04,2022-23,400,,10,percent,100,200,300,400
AA04,2023-24,400,,10,percent,100,200,300,400
AA05,2023-24,95,,5,absolute,,,,
BB01,2022-23,40,,2,absolute,,,,
BB01,2023-24,40,,2,absolute,,,,
BB03,2022-23,70,,5,percent,,,,
BB03,2023-24,70,,5,percent,,,,
BB04,2023-24,10,,2,absolute,,,,
BB05,2022-23,90,,5,absolute,,,,
BB05,2023-24,90,,5,absolute,,,,
BB05,2024-25,99,,1,absolute,,,,
"""

ACTIONS = """\
fa_code,parent_code,title,priority,directorate,lead_officer,portfolio_holder,from_quarter
FA01,FA01,Open a new customer contact centre,residents,alpha,Director of Customer Services,Cabinet Member for Alpha,2022-23 Q1
FA02a,FA02,Roll out food waste collections: phase 1,clean_safe,beta,Head of Waste,Cabinet Member for Beta,2022-23 Q1
FA02b,FA02,Roll out food waste collections: phase 2,clean_safe,beta,Head of Waste,Cabinet Member for Beta,2022-23 Q1
FA03,FA03,Open a new family hub,supported,beta,Director of Children's Services,Cabinet Member for Beta,2024-25 Q1
"""

# quarter -> directorate -> list of (pi, value, numerator, denominator, commentary, corrective)
V = dict
RETURNS: dict[str, dict[str, list[tuple]]] = {
    "2022-23 Q3": {
        "alpha": [
            ("AA01", 80.0, 800, 1000, "Winter peak", "Extra staff"),
            ("AA02", 58, None, None, "", ""),
            ("AA03", 10.0, None, None, "", ""),
            ("AA04", 90, None, None, "", ""),
            ("AA05", 96.0, None, None, "", ""),
        ],
        "beta": [
            ("BB01", 39.0, 390, 1000, "", ""),
            ("BB02", 120, None, None, "", ""),
            ("BB03", 72.0, None, None, "Survey", ""),
            ("BB05", 95.0, None, None, "", ""),
        ],
    },
    "2023-24 Q1": {
        "alpha": [
            ("AA01", 91.0, 910, 1000, "", ""),
            ("AA02", 62, None, None, "", ""),
            ("AA03", 11.0, None, None, "", ""),
            ("AA04", 90, None, None, "", ""),
            ("AA05", 96.0, None, None, "", ""),
        ],
        "beta": [
            ("BB01", 40.0, 400, 1000, "", ""),
            ("BB02", 110, None, None, "", ""),
            ("BB04", 9, None, None, "", ""),
            ("BB05", 82.0, None, None, "Vehicle breakdowns", "Hire vehicles"),
        ],
    },
    "2023-24 Q2": {
        "alpha": [
            ("AA01", 88.0, 880, 1000, "", ""),
            ("AA02", 70, None, None, "", ""),
            ("AA03", 12.5, None, None, "", ""),
            ("AA04", 100, None, None, "", ""),
            ("AA05", 96.0, None, None, "", ""),
        ],
        "beta": [
            ("BB01", 45.0, 450, 1000, "", ""),
            ("BB02", 100, None, None, "", ""),
            ("BB05", 83.0, None, None, "Staff shortage", "Recruiting drivers"),
        ],
    },
    "2023-24 Q3": {
        "alpha": [
            ("AA01", 85.0, 850, 1000, "Busy quarter", "Call-back service"),
            ("AA02", 60, None, None, "", ""),
            ("AA03", 13.5, None, None, "Restructure", "Exit interviews reviewed"),
            ("AA04", 95, None, None, "", ""),
            ("AA05", None, None, None, "Figure not ready", ""),
        ],
        "beta": [
            ("BB01", 38.0, 380, 1000, "", ""),
            ("BB02", 120, None, None, "", ""),
            ("BB03", 66.5, None, None, "Survey in November", "Action plan"),
            ("BB05", 80.0, None, None, "Depot closure", "Second crew from January"),
        ],
    },
}

FA_STATUS = {
    "2023-24 Q3": {
        "alpha": [("FA01", "On track", "Building works under way")],
        "beta": [("FA02a", "Complete", "All rounds live"), ("FA02b", "Off track", "Vehicles delayed")],
    },
}

NARRATIVE = {
    "2023-24 Q3": [
        ("residents", "Key achievement", "New contact centre opened"),
        ("residents", "Area for improvement", "Complaint response times"),
    ],
}


def write_return(
    path: Path,
    directorate: str,
    quarter: str,
    rows: list[tuple],
    actions: list[tuple],
    submitted: dt.date | None = None,
) -> None:
    """Write one directorate return in the documented layout."""
    wb = Workbook()
    cover = wb.active
    cover.title = fmt.COVER_SHEET
    cover.append(["Quarterly return"])
    cover.append([])
    q = Quarter.parse(quarter)
    for key, val in (
        ("council", "Testshire District Council"),
        ("directorate", directorate),
        ("quarter", quarter),
        ("completed_by", "A. Officer"),
        ("submitted", submitted or (q.end_date + dt.timedelta(days=10))),
    ):
        cover.append([fmt.COVER_FIELDS[key], val])
    ind = wb.create_sheet(fmt.INDICATORS_SHEET)
    ind.append(list(fmt.INDICATOR_COLUMNS.values()))
    for code, value, num, den, comm, corr in rows:
        ind.append([code, f"title {code}", "", "", None, value, num, den, comm or None, corr or None])
    act = wb.create_sheet(fmt.ACTIONS_SHEET)
    act.append(list(fmt.ACTION_COLUMNS.values()))
    for code, status, update in actions:
        act.append([code, f"title {code}", "owner", status, update])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_narrative(path: Path, rows: list[tuple]) -> None:
    """Write the analyst's narrative workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = fmt.NARRATIVE_SHEET
    ws.append(list(fmt.NARRATIVE_COLUMNS.values()))
    for r in rows:
        ws.append(list(r))
    wb.save(path)


def build(root: Path) -> Path:
    """Write the fixture council under ``root``; return the council.yml path."""
    root.mkdir(parents=True, exist_ok=True)
    cat = root / "catalogue"
    cat.mkdir(exist_ok=True)
    (cat / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (cat / "targets.csv").write_text(TARGETS, encoding="utf-8")
    (cat / "flagship_actions.csv").write_text(ACTIONS, encoding="utf-8")
    for quarter, by_dir in RETURNS.items():
        folder = root / "raw" / Quarter.parse(quarter).slug
        for directorate, rows in by_dir.items():
            acts = FA_STATUS.get(quarter, {}).get(directorate, [])
            write_return(folder / f"{directorate}.xlsx", directorate, quarter, rows, acts)
        if quarter in NARRATIVE:
            write_narrative(folder / fmt.NARRATIVE_FILE, NARRATIVE[quarter])
    config = root / "council.yml"
    config.write_text(COUNCIL_YML.format(root=root.as_posix()), encoding="utf-8")
    return config


def sample_config(tmp: Path, raw: Path | None = None) -> Path:
    """A copy of the bundled sample's council.yml whose outputs go under ``tmp``.

    The catalogue is the project's; returns are read from ``raw`` (default the
    project's data/raw, read-only). Returns the new config path.
    """
    import yaml

    from perflib.core.paths import DEFAULT_CONFIG, PROJECT_ROOT

    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text())
    cfg["paths"] = {
        "catalogue": str(PROJECT_ROOT / "data" / "catalogue"),
        "raw": str(raw or PROJECT_ROOT / "data" / "raw"),
        "processed": str(tmp / "processed"),
        "outputs": str(tmp / "outputs"),
    }
    path = tmp / "council.yml"
    path.write_text(yaml.safe_dump(cfg))
    return path
