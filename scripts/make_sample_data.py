"""Generate the illustrative quarterly returns for the fictional London Borough of Brentmoor.

Reads the catalogue (``data/catalogue/*.csv``) and ``data/council.yml`` and writes,
for every quarter from 2019-20 Q1 to 2023-24 Q3::

    data/raw/<YYYY-YY>-Q<n>/<directorate>.xlsx   one return per directorate
    data/raw/<YYYY-YY>-Q<n>/narrative.xlsx       the analyst's narrative

in the layout of ``data/raw/README.md``, with sheet names and header labels taken
from :mod:`perflib.inputs.layout`. Each PI follows its own series model below
(annual level, quarterly seasonality, Covid-19 effect in 2020-21, noise and a
denominator size), tuned so that 2023-24 Q3 tells the story of the March 2024
Cabinet report: red for call waiting, FOI timeliness, anti-social behaviour,
highway defects, footfall, electrical safety checks, children's assessments,
school absence, exclusions and EHC plans; green for recycling, waste, homelessness
prevention, town centre vacancies, employment support and building safety.
Two PIs have a within-year pattern for the year-end forecasts (``perflib/rules/forecast.py``)
to find: NHS Health Checks (NS15, a cumulative count) are back-loaded, most checks
being done in Q3 and Q4, so the year to date trails the even target profile while
the year end is in reach; food hygiene (CS18, a snapshot rate) dips at each year end
and drifts down through 2023-24, Green at Q3 but unlikely to stay on target at Q4.
In 2023-24 Q3 the two services also give their own forecast outturn (the optional
"Forecast outturn" column, :data:`SERVICE_FORECASTS`), which the report shows beside
perflib's: the health checks team is cautious, the food team hopeful.

The output is deterministic: every random draw comes from ``numpy``'s
``default_rng`` seeded with :data:`SEED` and the PI code or quarter, and every
workbook's document dates and zip entry times are fixed to its submission date,
so two runs give byte-identical files. The housing return for 2022-23 Q2 is
deliberately omitted (a late return). Only the quarter folders written are
replaced; nothing else under ``--out`` is touched.

Usage::

    python scripts/make_sample_data.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import yaml
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.xml.functions import tostring

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from perflib.inputs import layout as fmt  # noqa: E402
from perflib.rules.disclosure import small_numbers  # noqa: E402

SEED = 20240314
FIRST_YEAR, N_QUARTERS = 2019, 19  # 2019-20 Q1 .. 2023-24 Q3
PLAN_START = 12  # index of 2022-23 Q1, when the Flagship Actions begin
MISSING = {(13, "housing")}  # 2022-23 Q2: housing return not received
OFFICERS = {
    "resources": ("Nadia Whitcombe", "Owen Castell"),
    "place": ("Gareth Pennock", "Leah Mardell"),
    "housing": ("Simone Adebayo-Reid", "Callum Strachan"),
    "people": ("Harriet Quaye", "Marcus Ellery"),
}
COVID_NOTE = "Covid-19 restrictions changed demand and how the service could operate this quarter"
#: (quarter index, PI) -> the service's own forecast of the year-end outturn (no random draw).
#: A return with any of them has the optional "Forecast outturn" column.
SERVICE_FORECASTS = {(18, "NS15"): 4900, (18, "CS18"): 90.5}
#: From this quarter (2023-24 Q1) returns have the "Planned action" and "Action due" columns and the
#: Flagship actions sheet says "Lead officer"; earlier returns keep the old layout (no such columns, "Owner").
PLANNED_FROM = 16
#: Chance that an Amber or Red PI's return gives a planned action with its due date.
PLANNED_SHARE = {"Red": 0.9, "Amber": 0.5}


# --------------------------------------------------------------------------- quarters
def fy_label(start: int) -> str:
    """Financial year label, e.g. ``2023-24`` for ``start=2023``."""
    return f"{start}-{(start + 1) % 100:02d}"


def quarter_label(i: int) -> str:
    """Label of quarter index ``i`` (0 is 2019-20 Q1), e.g. ``2023-24 Q3``."""
    return f"{fy_label(FIRST_YEAR + i // 4)} Q{i % 4 + 1}"


def quarter_end(i: int) -> dt.date:
    """Last day of quarter index ``i``."""
    start, q = FIRST_YEAR + i // 4, i % 4 + 1
    return {
        1: dt.date(start, 6, 30),
        2: dt.date(start, 9, 30),
        3: dt.date(start, 12, 31),
        4: dt.date(start + 1, 3, 31),
    }[q]


def half_up(x: float, decimals: int) -> float:
    """Round halves away from zero, as the report does (62.25 -> 62.3)."""
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- series models
@dataclass
class Model:
    """How one PI's figures behave over time.

    ``levels`` are the typical quarter figures in each year 2019-20..2023-24 (for
    annual/biennial PIs the year's figure); ``q2324`` overrides 2023-24 Q1-Q3;
    ``season`` and ``covid`` (2020-21) are added per quarter; ``den`` is the typical
    denominator of a percentage, scaled by ``den_season``. ``good``/``bad`` explain the
    figure; ``actions`` are the corrective actions offered when off target.
    """

    levels: tuple
    sd: float
    good: str
    bad: str
    actions: tuple = ()
    season: tuple = (0, 0, 0, 0)
    den: int = 0
    dsd: float = 0.04
    den_season: tuple = (1, 1, 1, 1)
    covid: tuple | None = None
    q2324: tuple | None = None
    pins: dict = field(default_factory=dict)


M = Model
MODELS: dict[str, Model] = {
    "RF01": M(
        (140, 170, 165, 185, 255),
        6,
        "advisers at full strength kept queues short",
        "vacancies among advisers and heavy demand for cost of living help lengthened queues",
        (
            "Recruiting six advisers and moving back-office staff onto the phones at peak times",
            "Promoting online forms and a call-back option so callers need not wait in the queue",
        ),
        season=(25, -10, -20, 30),
        covid=(40, 10, 0, 20),
    ),
    "RF02": M(
        (7.5, 9.5, 9.0, 10.5, 11.0),
        0.3,
        "shorter queues meant fewer callers gave up",
        "more callers gave up while waiting at peak times",
        (
            "Queue-position messages and a call-back offer after two minutes",
            "Scheduling adviser breaks away from the Monday and lunchtime peaks",
        ),
        season=(1.0, -0.3, -0.6, 1.2),
        den=75000,
        dsd=0.06,
        covid=(1.5, 0.5, 0, 0.5),
    ),
    "RF03": M(
        (88, 80, 84, 87, 76),
        1.0,
        "services supplied information promptly through the new tracking system",
        "more complex requests and delays in services supplying information",
        (
            "Weekly overdue-request reports to directors and a named FOI lead in each directorate",
            "Publishing frequently requested data so repeat requests can be answered with a link",
        ),
        den=290,
        dsd=0.1,
        covid=(-6, -2, 0, 0),
        q2324=(78, 77, 75),
    ),
    "RF04": M(
        (81, 78, 83, 86, 88.5),
        1.0,
        "triage meant most complaints were resolved at first response",
        "complex housing repair complaints took longer to investigate",
        (
            "Complaints team triaging housing cases daily with the repairs contractor",
            "Reminders to managers at day 7 and escalation to heads of service at day 9",
        ),
        den=440,
    ),
    "RF05": M(
        (96.8, 94.6, 95.6, 96.3, 96.6),
        0.15,
        "collection kept pace with the profile, helped by more direct debits",
        "cost of living pressures meant more residents fell behind with instalments",
        (
            "Earlier reminders and payment arrangements offered to residents in arrears",
            "Campaign promoting council tax support and payment by direct debit",
        ),
        season=(-0.6, 0.1, 0.3, 0.4),
        den=42000,
        dsd=0.02,
        covid=(-1.5, -1.0, -0.5, 0),
    ),
    "RF06": M(
        (98.0, 90.5, 94.5, 97.4, 97.8),
        0.25,
        "most large ratepayers paid on schedule",
        "businesses still recovering deferred their payments",
        (
            "Recovery team contacting the 50 largest arrears cases to agree payment plans",
            "Reminders issued within 7 days of a missed instalment",
        ),
        season=(-0.5, 0.2, 0.2, 0.1),
        den=18000,
        dsd=0.03,
        covid=(-3, -1, 0, 0),
    ),
    "RF07": M(
        (8.6, 6.9, 8.2, 9.1, 8.5),
        0.06,
        "long-term sickness fell after the wellbeing programme",
        "long-term absences for stress and musculoskeletal conditions",
        (
            "HR business partners reviewing every long-term absence case with managers monthly",
            "Expanding occupational health and employee assistance support, with a focus on stress",
        ),
        season=(0, 0, 0.1, 0.2),
    ),
    "RF08": M(
        (11.2, 8.4, 12.6, 12.3, 10.6),
        0.15,
        "turnover is within the healthy band",
        "more staff left for better-paid jobs elsewhere in London",
        (
            "Market supplements for hard-to-fill roles and a refreshed exit interview process",
            "Career pathways for social workers, planners and surveyors to retain staff",
        ),
        den=2300,
        dsd=0.01,
    ),
    "RF09": M(
        (0.6, 3.1, 1.2, 2.6, 0.5),
        0.25,
        "service pressures are being contained within budget",
        "pressures in social care placements, temporary accommodation and energy costs",
        (
            "Controls on non-essential spending and vacancies, with recovery plans from each directorate",
            "Monthly reviews of social care placement and temporary accommodation costs",
        ),
        season=(0.6, 0.2, 0, -0.4),
    ),
    "RF10": M(
        (58.5, 68, 71.5, 73.5, 78),
        0.5,
        "more residents used the resident account to pay and report",
        "some services still need a phone call to complete",
        (
            "Moving the remaining paper forms online by March",
            "Contact centre advisers showing callers how to use the resident account",
        ),
        den=120000,
        q2324=(75.5, 78.0, 80.5),
    ),
    "RF11": M(
        (62, 64, 61, 57, 58),
        0.5,
        "residents recognised improvements to street cleaning and services",
        "concern about council tax rises and the cost of living",
        (
            "'You said, we did' campaign on the Residents' Charter commitments",
            "Ward engagement events on the issues the survey raised",
        ),
        den=1000,
    ),
    "RF12": M(
        (62, 63, 64, 66, 67),
        0.5,
        "the residents' magazine and e-newsletter reach more households",
        "fewer residents read the printed magazine",
        ("Weekly e-newsletter and more use of community noticeboards", "Plain English review of letters and web pages"),
        den=800,
    ),
    "RF13": M(
        (74, 70, 78, 80, 88),
        3,
        "extensions of time were agreed early with applicants",
        "planner vacancies delayed decisions on several complex schemes",
        (
            "Agreeing extensions of time early and using agency planners for the backlog",
            "Weekly review of every major application approaching its deadline",
        ),
        den=14,
        dsd=0.3,
    ),
    "RF14": M(
        (91, 78, 86, 88, 93.5),
        0.6,
        "schemes are progressing to programme",
        "slippage on regeneration and schools schemes after contractor delays",
        (
            "Capital board reprofiling slipped schemes into next year's programme",
            "Monthly challenge sessions with scheme sponsors on delivery milestones",
        ),
        season=(3, 1, 0, -2),
    ),
    "CS01": M(
        (38.6, 36.8, 38.5, 40.3, 43.0),
        0.35,
        "food waste collections for flats and garden waste subscriptions increased recycling",
        "contamination meant some recycling loads were rejected",
        (
            "Bin-tagging and door-knocking at blocks with contaminated recycling",
            "Promoting garden waste subscriptions and food waste caddies",
        ),
        season=(3.0, 2.5, -2.0, -3.5),
        den=21000,
        den_season=(1.05, 1.02, 0.97, 0.96),
        covid=(-1.5, -0.5, 0, 0),
    ),
    "CS02": M(
        (114, 124, 119, 111, 100),
        0.9,
        "less rubbish as recycling services expanded",
        "more waste from households at home and clear-outs",
        (
            "Food waste campaign and a trial of fortnightly residual collections in one ward",
            "Recycling advisers targeting the rounds with the most residual waste",
        ),
        season=(1, -1, 3, -1),
        covid=(6, 4, 2, 4),
    ),
    "CS03": M(
        (93.8, 90.5, 94.2, 95.8, 96.6),
        0.4,
        "the rapid-response crew cleared most reports the same day",
        "more large dumps needing specialist removal",
        (
            "A second rapid-response crew at weekends and busy periods",
            "Fixed penalties at hotspots covered by mobile CCTV",
        ),
        season=(0, -0.6, 0, 0.2),
        den=2600,
        covid=(-1.5, 0, 0, 0),
    ),
    "CS04": M(
        (7.6, 9.2, 7.2, 5.6, 5.0),
        0.3,
        "more frequent sweeping of high streets and hotspots",
        "litter from takeaway packaging in the district centres",
        (
            "Extra litter picking on high streets in the evenings",
            "Working with takeaway owners on litter outside their premises",
        ),
        season=(0.4, 0.8, -0.4, -0.6),
        den=900,
        dsd=0.02,
    ),
    "CS05": M(
        (1110, 1400, 1200, 1160, 1490),
        30,
        "targeted patrols and CCTV reduced reports at hotspots",
        "more reports of youth-related disorder and drug dealing in the town centre and parks",
        (
            "Joint patrols with the police in the town centre and parks, with dispersal orders where needed",
            "Youth outreach and diversionary activities in the three wards with most reports",
        ),
        season=(0, 190, -40, -150),
        covid=(200, 150, 50, 120),
    ),
    "CS06": M(
        (94.2, 93.5, 95.2, 92.5, 84.5),
        0.6,
        "repair gangs kept up with reports",
        "a surge in potholes after wet weather and a change of contractor",
        (
            "Extra repair gangs until March and daily monitoring of overdue defects",
            "Performance notice issued to the highways contractor with a recovery plan",
        ),
        season=(0.8, 1.0, -1.0, -2.0),
        den=1400,
        q2324=(86.5, 85.0, 84.0),
    ),
    "CS07": M(
        (2160000, 1000000, 1620000, 1980000, 1800000),
        20000,
        "events and the Christmas market drew visitors",
        "residents cut back on spending and more shopping moved online",
        (
            "Town centre events programme and marketing with the business improvement district",
            "Working with landlords to fill empty units and improve the public realm",
        ),
        season=(-60000, 0, 220000, -120000),
        covid=(-700000, -150000, -250000, -400000),
        q2324=(1800000, 1760000, 1720000),
    ),
    "CS08": M(
        (9.4, 12.5, 13.0, 11.2, 8.8),
        0.25,
        "new lettings, including pop-up shops in empty units",
        "closures of national retailers",
        (
            "Meanwhile-use leases and rate relief for new independent businesses",
            "Town centre team working with landlords of long-term empty units",
        ),
        den=620,
        dsd=0.005,
    ),
    "CS09": M(
        (41.3, 38.0, 30.6, 32.4, 31.2),
        0.2,
        "less traffic and cleaner buses cut roadside levels",
        "levels at busy junctions remain high",
        (
            "School streets and anti-idling patrols at the worst junctions",
            "Green screens at schools next to main roads",
        ),
        covid=(0, 0, 0, 0),
    ),
    "CS10": M(
        (69, 66, 64, 65, 67),
        0.5,
        "residents noticed the new lighting and CCTV",
        "concern about anti-social behaviour in parks and the town centre",
        (
            "Safer Spaces audits of lighting and sightlines on routes residents named",
            "Extra lighting and CCTV on routes highlighted by women and girls",
        ),
        den=1000,
    ),
    "CS11": M(
        (195, 120, 180, 185, 225),
        18,
        "several private and council schemes reached completion",
        "build costs and contractor insolvencies delayed completions",
        (
            "Working with developers on stalled sites and prioritising pre-commencement conditions",
            "Housing delivery board tracking every scheme of 10 or more homes monthly",
        ),
        season=(-20, 0, 20, 30),
        covid=(-80, -40, 0, 0),
    ),
    "CS12": M(
        (60, 40, 55, 58, 70),
        10,
        "council and housing association schemes handed over on time",
        "handovers slipped on two housing association schemes",
        (
            "Monthly progress meetings with housing association partners",
            "Bringing forward acquisitions of new-build homes for social rent",
        ),
        season=(-10, 0, 10, 20),
        covid=(-35, -20, -5, 0),
        pins={18: 118},
    ),
    "CS13": M(
        (96.2, 92.0, 95.8, 97.3, 88.5),
        0.2,
        "the testing contractor completed more checks than certificates expiring",
        "a backlog of expired certificates after the testing contractor changed, and access refusals",
        (
            "Second testing contractor appointed to clear the backlog of expired certificates by June",
            "Tenancy enforcement, including injunctions, where access is refused three times",
        ),
        den=4850,
        dsd=0.002,
        covid=(-2.5, -1, 0, 0),
        q2324=(90.0, 88.2, 86.8),
    ),
    "CS14": M(
        (99.72, 99.35, 99.78, 99.88, 100.2),
        0.06,
        "every home with gas has an in-date certificate or an access case in hand",
        "a few homes where tenants refused access",
        (
            "Out-of-hours access visits and, where needed, injunctions to gain entry",
            "Daily tracking of every certificate due within 60 days",
        ),
        den=3900,
        dsd=0.002,
        covid=(-0.4, -0.1, 0, 0),
        pins={18: 100.0},
    ),
    "CS15": M(
        (98.4, 96.8, 98.6, 99.3, 100.5),
        0.3,
        "fire risk assessments are on schedule",
        "assessor capacity delayed reviews of some blocks",
        (
            "Additional fire risk assessor commissioned to clear overdue reviews",
            "Weekly compliance report to the building safety board",
        ),
        den=310,
        dsd=0.0,
    ),
    "CS16": M(
        (82.4, 78.5, 81.2, 84.2, 86.2),
        0.5,
        "better van stock and diagnosis at first call",
        "parts shortages meant return visits",
        (
            "Better diagnosis at the first call and more parts carried on vans",
            "Weekly review of jobs needing a second visit with the repairs contractor",
        ),
        den=6500,
        covid=(-3, 0, 0, 0),
        q2324=(84.6, 86.0, 87.4),
    ),
    "CS17": M(
        (31, 48, 38, 32, 27),
        1.0,
        "void works and lettings now run in parallel",
        "major works needed on several empty homes",
        (
            "Void works and lettings run in parallel, with a weekly void panel",
            "Additional void contractor for homes needing major works",
        ),
        covid=(15, 5, 0, 0),
        q2324=(32, 28, 24),
    ),
    "CS18": M(
        (91.2, 91.6, 89.4, 90.6, 92.3),
        0.25,
        "inspection programme is on schedule and businesses improved",
        "a backlog of inspections after the pandemic",
        (
            "Catch-up inspections of low-rated businesses, prioritising takeaways",
            "Advice visits for new food businesses before their first inspection",
        ),
        den=1900,
        dsd=0.01,
        # year-end dip (first inspections of businesses opened for Christmas) and a 2023-24 drift down
        season=(0.3, 0.3, 0.2, -0.8),
        q2324=(91.6, 90.9, 90.4),
    ),
    "CS19": M(
        (55, 40, 95, 120, 52),
        5,
        "joint operations with the police and free marking of converters",
        "organised gangs targeting hybrid cars",
        season=(0, 5, 10, 0),
        q2324=(80, 60, 38),
    ),
    "NS01": M(
        (150, 135, 158, 170, 200),
        7,
        "early intervention by the housing options team and landlord incentives",
        "fewer private rented homes available at local housing allowance rates",
        (
            "Landlord incentive scheme to secure more private rented homes",
            "Homelessness prevention officers based in the contact centre and GP surgeries",
        ),
        season=(0, 5, 0, -5),
    ),
    "NS02": M(
        (1140, 1230, 1190, 1260, 1325),
        8,
        "more households helped to stay in their homes",
        "private rented evictions and too few affordable homes",
        (
            "Buying 100 homes to use as temporary accommodation instead of nightly-paid B&B",
            "Prevention work with private landlords to reduce evictions",
        ),
    ),
    "NS03": M(
        (19, 7, 12, 15, 21),
        1,
        "outreach found accommodation for people new to the street",
        "more people new to rough sleeping",
        season=(0, 2, -1, -2),
        covid=(-10, -5, 0, 0),
    ),
    "NS04": M(
        (102, 70, 105, 125, 170),
        6,
        "employer partnerships through the Brentmoor Works hub",
        "fewer vacancies with local employers",
        (
            "Job fairs with employers recruiting locally and sector training courses",
            "Outreach through food banks and family hubs to reach more jobseekers",
        ),
        season=(-5, 5, 5, -5),
        covid=(-30, -10, 0, 5),
    ),
    "NS05": M(
        (88.2, 86.0, 89.4, 91.2, 79.0),
        0.7,
        "assessment teams are fully staffed",
        "a rise in referrals and social worker vacancies covered by agency staff",
        (
            "Additional assessment team for six months and weekly tracking of every assessment past day 35",
            "Recruitment and retention package for permanent social workers",
        ),
        den=760,
        dsd=0.06,
        q2324=(82.0, 80.0, 77.5),
    ),
    "NS06": M(
        (96.5, 95.8, 97.4, 98.2, 98.4),
        0.5,
        "conferences were booked well ahead",
        "chair sickness meant some conferences moved",
        (
            "Additional conference chair cover and booking reviews at the initial conference",
            "Weekly checks of all reviews due in the next month",
        ),
        den=95,
        dsd=0.1,
    ),
    "NS07": M(
        (5.0, 6.0, 5.2, 4.4, 3.2),
        0,
        "step-down support after plans ended is working",
        "families returning to services after earlier plans ended",
        (
            "Audit of all repeat plans to learn from earlier step-down decisions",
            "Family support offered for six months after every plan ends",
        ),
    ),
    "NS08": M(
        (66, 58, 56, 52, 36),
        1.5,
        "assessments were completed on time",
        "a rise of around 30% in requests for assessment and a shortage of educational psychologists",
        (
            "Commissioning extra educational psychology assessments and recruiting two EHC coordinators",
            "Weekly panel to clear draft plans and tracking of every case past week 16",
        ),
        den=110,
        dsd=0.15,
        q2324=(45, 40, 35),
    ),
    "NS09": M(
        (4.3, 4.0, 5.2, 5.8, 5.7),
        0.08,
        "schools' attendance work is paying off",
        "illness over the winter and persistent absence among a minority of pupils",
        (
            "Attendance support team working with schools on persistently absent pupils, with family support plans",
            "Attendance campaign with schools and GPs on when children are well enough for school",
        ),
        season=(-0.2, -0.9, 0.5, 0.7),
        den=2760000,
        den_season=(1.0, 0.35, 1.15, 1.0),
        dsd=0.01,
        covid=(-0.5, 0.3, 0.3, -0.5),
    ),
    "NS10": M(
        (5.3, 5.0, 7.0, 7.9, 7.8),
        0.08,
        "schools' attendance work is paying off",
        "persistent absence, especially in Years 9 to 11",
        (
            "Attendance support team working with schools on persistently absent pupils, with family support plans",
            "Targeted work with families of Year 9 to 11 pupils with the lowest attendance",
        ),
        season=(0.0, -1.0, 0.4, 0.6),
        den=2200000,
        den_season=(1.0, 0.35, 1.15, 1.0),
        dsd=0.01,
        covid=(-0.5, 0.3, 0.5, -0.5),
    ),
    "NS11": M(
        (2.8, 1.2, 2.6, 3.6, 6.5),
        0,
        "schools used managed moves and inclusion support",
        "more exclusions for persistent disruptive behaviour and possession of weapons",
        (
            "Inclusion panel with secondary heads to agree managed moves before exclusion",
            "Early help and mental health support in the schools with most suspensions",
        ),
        season=(0.5, -1.8, 0.5, 0.8),
        pins={18: 7},
    ),
    "NS12": M(
        (58, 52.5, 57, 62, 66),
        0.5,
        "personal advisers helped more care leavers into apprenticeships",
        "fewer apprenticeship places for care leavers",
        (
            "Ring-fenced council apprenticeships for care leavers",
            "Personal advisers reviewing every care leaver not in education, employment or training monthly",
        ),
        den=175,
        dsd=0.03,
    ),
    "NS13": M(
        (78, 62, 70, 77, 82.5),
        0.5,
        "a dedicated review team cleared the backlog",
        "reviews paused during the pandemic left a backlog",
        (
            "Dedicated review team and telephone reviews for stable, low-risk packages",
            "Monthly tracking of overdue reviews by team",
        ),
        den=2400,
        dsd=0.01,
    ),
    "NS14": M(
        (82.5, 80.0, 83.0, 84.5, 88.5),
        0.8,
        "reablement and therapy input after discharge",
        "more people discharged with complex needs",
        (
            "Therapist review within 48 hours of discharge for everyone in reablement",
            "Joint review of readmissions with the hospital trust",
        ),
        den=150,
        dsd=0.08,
    ),
    "NS15": M(
        (1280, 420, 900, 1150, 1260),
        40,
        "GP practices and community outreach delivered more checks",
        "GP practices prioritised other work",
        (
            "Community pharmacies and outreach events to add capacity",
            "Monthly targets and feedback to each GP practice",
        ),
        # back-loaded: practices catch up on checks in the winter, most of all before the year end
        season=(-220, -130, 90, 260),
        covid=(-400, -100, 0, 100),
    ),
    "NS16": M(
        (69.5, 67.5, 67.0, 63.5, 66.5),
        0.3,
        "schools' focus on writing raised results",
        "pupils' learning lost during the pandemic",
        (
            "School improvement advisers supporting the schools with the lowest results",
            "Reading and writing catch-up programmes in Years 5 and 6",
        ),
        den=2900,
        dsd=0.02,
    ),
    "NS17": M(
        (6.4, 7.4, 8.9, 10.4, 11.0),
        0.12,
        "places are in line with demand",
        "falling birth rates and families leaving London mean fewer reception pupils",
        (
            "Agreeing reductions in published admission numbers with schools",
            "School place planning review to merge or reduce forms of entry where rolls fall",
        ),
        den=3300,
        dsd=0.0,
    ),
}
COVID_NOTES = {
    "CS07": "lockdowns closed non-essential shops",
    "NS15": "the programme was paused nationally in the first lockdown",
    "NS03": "the 'Everyone In' scheme moved people sleeping rough into hotels",
    "CS05": "more reports of neighbour disputes and lockdown breaches",
    "NS09": "pupils self-isolating and school closures disrupted attendance",
    "NS10": "pupils self-isolating and school closures disrupted attendance",
}
COVID_ALL_YEAR = ("CS07", "CS05", "NS09", "NS10")  # their Covid note applies to every quarter of 2020-21


# --------------------------------------------------------------------------- catalogue
def load_inputs(root: Path) -> tuple[dict, list[dict], dict, list[dict]]:
    """Read council.yml and the three catalogue CSVs.

    Returns
    -------
    council : dict
    indicators : list of dict
        One per PI, in file order, with ``decimals`` as int.
    targets : dict
        ``(pi_code, financial_year)`` -> row with numbers as float or None.
    actions : list of dict
    """
    council = yaml.safe_load((root / "data" / "council.yml").read_text(encoding="utf-8"))
    cat = root / council["paths"]["catalogue"]

    def read(name: str) -> list[dict]:
        with open(cat / name, newline="", encoding="utf-8-sig") as fh:
            return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(fh)]

    indicators = read("indicators.csv")
    for row in indicators:
        row["decimals"] = int(row["decimals"])
    targets = {}
    for row in read("targets.csv"):
        targets[(row["pi_code"], row["financial_year"])] = {
            k: (float(v) if v else None)
            for k, v in row.items()
            if k not in ("pi_code", "financial_year", "tolerance_type")
        } | {"tolerance_type": row["tolerance_type"]}
    return council, indicators, targets, read("flagship_actions.csv")


def is_due(ind: dict, i: int) -> bool:
    """Whether PI ``ind`` reports in quarter index ``i`` (quarterly, annual or biennial rules)."""
    start, q = FIRST_YEAR + i // 4, i % 4 + 1
    if ind["frequency"] == "quarterly":
        return True
    if int(ind["reporting_quarter"][1]) != q:
        return False
    return ind["frequency"] == "annual" or (start - int(ind["first_year"][:4])) % 2 == 0


# --------------------------------------------------------------------------- simulation
@dataclass
class Obs:
    """One PI's figure as returned for one quarter."""

    value: float | int
    num: int | None = None
    den: int | None = None


def _avoid_half(num: int, den: int, decimals: int) -> int:
    """Move ``num`` by one if 100 x num / den sits exactly on a rounding half."""
    scaled = Fraction(100 * num, den) * 10**decimals
    if scaled.denominator == 2:
        num = num - 1 if num > 0 else num + 1
    return num


def simulate(ind: dict, model: Model) -> dict[int, Obs]:
    """Every due quarter's figure for one PI, from its model.

    Parameters
    ----------
    ind : dict
        The PI's catalogue row.
    model : Model
        Its series model.

    Returns
    -------
    dict
        Quarter index -> :class:`Obs`.
    """
    rng = np.random.default_rng([SEED, int.from_bytes(ind["pi_code"].encode(), "big")])
    dec, unit, ratio = ind["decimals"], ind["unit"], bool(ind["denominator_label"])
    anchors = [4 * y + 1.5 for y in range(5)]
    out: dict[int, Obs] = {}
    for i in range(N_QUARTERS):
        y, q = i // 4, i % 4
        noise, den_noise = rng.normal(0, 1), rng.normal(0, 1)  # always drawn: keeps streams aligned
        if not is_due(ind, i):
            continue
        if ind["frequency"] != "quarterly":
            level = model.levels[y]
        elif y == 4 and model.q2324:
            level = model.q2324[q] + model.season[q]
        else:
            level = float(np.interp(i, anchors, model.levels)) + model.season[q]
        if y == 1 and model.covid:
            level += model.covid[q]
        pinned = i in model.pins
        x = model.pins[i] if pinned else level + model.sd * noise
        if ratio:
            den = max(1, round(model.den * model.den_season[q] * (1 + model.dsd * den_noise)))
            p = min(max(x, 0.0), 100.0)
            num = round(p * den / 100) if pinned else int(rng.binomial(den, p / 100))
            num = _avoid_half(num, den, dec)
            value = round(100 * num / den, dec)
            out[i] = Obs(int(value) if dec == 0 else value, num, den)
        elif unit == "count":
            small = ind["sensitive"] == "yes" or level < 30
            n = int(x) if pinned else (int(rng.poisson(max(level, 0.1))) if small else round(x))
            out[i] = Obs(max(n, 0))
        else:
            x = min(max(x, 0.0), 100.0) if unit == "percent" else x if unit == "number" else max(x, 0.0)
            out[i] = Obs(round(x) if dec == 0 else round(x, dec))
    return out


# --------------------------------------------------------------------------- rating
@dataclass
class Rating:
    """The generator's own check of one PI in one quarter."""

    status: str  # Green, Amber, Red, Data only or Not rated
    value: float | None = None  # the figure rated (year to date for cumulative PIs)
    target: float | None = None
    upper: float | None = None


def rate(ind: dict, tgt: dict | None, i: int, series: dict[int, Obs], received: set[int]) -> Rating:
    """Rate PI ``ind`` in quarter ``i`` with the rules of docs/methodology.md.

    Cumulative PIs are rated on the year to date (counts added up, rates pooled
    from numerators and denominators), which needs every quarter of the year so
    far to have been received; otherwise the PI is not rated.

    Parameters
    ----------
    ind : dict
        The PI's catalogue row.
    tgt : dict or None
        Its targets row for the quarter's financial year (None: data only).
    i : int
        Quarter index (0 is 2019-20 Q1).
    series : dict
        The PI's figures by quarter index, from :func:`simulate`.
    received : set of int
        Quarter indexes in which the PI's directorate sent a return.

    Returns
    -------
    Rating
    """
    q = i % 4 + 1
    if ind["measure_type"] == "cumulative":
        quarters = range(i - q + 1, i + 1)
        if any(j not in received for j in quarters):
            return Rating("Not rated")
        if ind["denominator_label"]:
            num = sum(series[j].num for j in quarters)
            den = sum(series[j].den for j in quarters)
            value = half_up(100 * num / den, ind["decimals"])
        else:
            value = sum(series[j].value for j in quarters)
    else:
        value = half_up(float(series[i].value), ind["decimals"])
    if tgt is None:
        return Rating("Data only", value)
    t, upper = tgt["target"], tgt["target_upper"]
    if tgt.get(f"q{q}_target") is not None:
        t = tgt[f"q{q}_target"]
    elif ind["measure_type"] == "cumulative" and ind["unit"] == "count":
        t = t * q / 4

    def amount(edge: float) -> float:
        return tgt["tolerance"] if tgt["tolerance_type"] == "absolute" else abs(edge) * tgt["tolerance"] / 100

    direction = ind["good_direction"]
    if direction == "higher":
        status = "Green" if value >= t else "Amber" if value >= round(t - amount(t), 6) else "Red"
    elif direction == "lower":
        status = "Green" if value <= t else "Amber" if value <= round(t + amount(t), 6) else "Red"
    else:
        inside = t <= value <= upper
        near = round(t - amount(t), 6) <= value <= round(upper + amount(upper), 6)
        status = "Green" if inside else "Amber" if near else "Red"
    return Rating(status, value, t, upper)


# --------------------------------------------------------------------------- wording
def show(value: float, ind: dict) -> str:
    """A figure as members read it, e.g. ``86.8%``, ``1,234``, ``245 seconds``."""
    dec, unit = ind["decimals"], ind["unit"]
    text = f"{value:,.{dec}f}"
    return {"percent": f"{text}%", "seconds": f"{text} seconds", "days": f"{text} days", "weeks": f"{text} weeks"}.get(
        unit, text
    )


def show_target(r: Rating, ind: dict) -> str:
    """The target or band of a rating as text."""
    if ind["good_direction"] == "range":
        return f"the {show(r.target, ind)} to {show(r.upper, ind)} band"
    return f"the target of {show(r.target, ind)}"


def commentary(ind: dict, model: Model, i: int, series: dict[int, Obs], r: Rating) -> str:
    """One plausible sentence of commentary for PI ``ind`` in quarter ``i``.

    Parameters
    ----------
    ind, model : dict, Model
        The PI's catalogue row and series model.
    i : int
        Quarter index.
    series : dict
        The PI's figures by quarter index.
    r : Rating
        The quarter's rating, which decides whether the good or bad explanation is used.

    Returns
    -------
    str
    """
    code, obs = ind["pi_code"], series[i]
    own = show(obs.value, ind)
    if ind["frequency"] != "quarterly":
        desc = f"{own} in this year's results"
    elif ind["measure_type"] == "cumulative":
        desc = f"{own} in the quarter"
    else:
        desc = f"{own} {'at the end of the quarter' if ind['measure_type'] == 'snapshot' else 'in the quarter'}"
    earlier = [j for j in series if j < i]
    if earlier:
        prev = series[earlier[-1]].value
        when = "last quarter" if ind["frequency"] == "quarterly" else "last time"
        word = "up from" if obs.value > prev else "down from" if obs.value < prev else "the same as"
        desc += f", {word} {show(prev, ind)} {when}"
    if ind["measure_type"] == "cumulative" and r.value is not None and i % 4:
        desc += f" ({show(r.value, ind)} for the year to date)"
    if code == "NS16" and i // 4 in (1, 2):
        return (
            desc
            + ": national tests were cancelled because of Covid-19, so this is the schools' teacher assessment collected locally."
        )
    if i // 4 == 1 and model.covid and model.covid[i % 4]:
        driver = COVID_NOTES.get(code, COVID_NOTE) if i % 4 == 0 or code in COVID_ALL_YEAR else COVID_NOTE
    elif r.status == "Data only":
        better = not earlier or (obs.value <= series[earlier[-1]].value) == (ind["good_direction"] == "lower")
        driver = model.good if better else model.bad
    else:
        driver = model.good if r.status in ("Green", "Not rated") else model.bad
    return f"{desc}: {driver}."


FOLLOW_UPS = (
    "progress is reviewed monthly at the directorate performance meeting",
    "the portfolio holder is briefed on progress monthly",
    "improvement is expected by the end of next quarter",
)


def corrective(model: Model, i: int, rng: np.random.Generator) -> str:
    """A specific corrective action for an off-target quarter.

    Parameters
    ----------
    model : Model
        Gives the PI's candidate actions.
    i : int
        Quarter index (unused; kept so callers state which quarter the action is for).
    rng : numpy.random.Generator
        The quarter's generator, used to pick the action and follow-up.

    Returns
    -------
    str
    """
    action = model.actions[int(rng.integers(len(model.actions)))]
    follow_up = FOLLOW_UPS[int(rng.integers(len(FOLLOW_UPS)))]
    return f"{action}; {follow_up}."


PLANNED_STEPS = (
    "Agree a recovery plan for {what} with the lead officer and report it to the portfolio holder",
    "Complete a review of {what} and build its recommendations into next year's service plan",
    "Start the next phase of the improvement plan for {what}, tracked monthly by the directorate",
)


def planned(ind: dict, model: Model, action: str, i: int, rng: np.random.Generator) -> tuple[str, dt.date]:
    """A planned next step for an off-target PI and the date it is due (after the quarter's end).

    Parameters
    ----------
    ind : dict
        The PI's catalogue row (its title, and whether it is sensitive).
    model : Model
        Its candidate actions: one not already given as the corrective action may be planned next.
    action : str
        The corrective action given this quarter.
    i : int
        Quarter index.
    rng : numpy.random.Generator
        The quarter's generator for planned actions (separate from the figures' own, so they do not change).

    Returns
    -------
    (str, date)
    """
    others = [a for a in model.actions if not action.startswith(a)]
    title = ind["title"]
    what = title if title.split()[0].isupper() else title[0].lower() + title[1:]  # "FOI requests" keeps its case
    step = PLANNED_STEPS[int(rng.integers(len(PLANNED_STEPS)))].format(what=what)
    if others and rng.random() < 0.5:
        step = others[int(rng.integers(len(others)))]
    if ind["sensitive"] == "yes" and small_numbers(step, 10):  # never state a small number for a sensitive PI
        step = PLANNED_STEPS[0].format(what="the service")
    due = quarter_end(i + 1) if rng.random() < 0.6 else quarter_end(i + 2)
    return step, due


# --------------------------------------------------------------------------- Flagship Actions
#: Status path per reporting line from 2022-23 Q1 to 2023-24 Q3: N=Not started, G=On track,
#: A=At risk, R=Off track, C=Complete. Then two progress notes, the risk and the outcome.
FA_PLAN: dict[str, tuple[str, tuple[str, str], str, str]] = {
    "FA01": (
        "NGGGAGC",
        (
            "Supplier configuring the new system; data migration tested",
            "User testing of the customer portal with agents and residents",
        ),
        "data migration problems delayed go-live",
        "New planning system live with an enhanced online customer portal",
    ),
    "FA02": (
        "NNGGAAR",
        ("New telephony platform procured", "Call-back option designed and tested with advisers"),
        "supplier delays to the telephony migration mean call-back will not launch until 2024-25",
        "New telephony and call-back live",
    ),
    "FA03": (
        "GGGAARR",
        (
            "Blocks surveyed and wayleaves signed for the first 1,200 homes",
            "Installation started in the first 20 blocks",
        ),
        "the broadband provider has paused installations because of financial problems in the industry",
        "Full fibre available in every council home",
    ),
    "FA04": (
        "NGGGGCC",
        (
            "Website content rewritten in plain English and tested with residents",
            "Resident account launched for council tax and waste services",
        ),
        "integration with the housing system is behind schedule",
        "New website and resident account launched",
    ),
    "FA05": (
        "GGGGGGC",
        (
            "Annual canvass under way, with visits to households that have not responded",
            "Voter ID awareness campaign run ahead of the Elections Act changes",
        ),
        "canvass responses are below plan",
        "Annual canvass complete: the register is more accurate and reflects the Elections Act changes",
    ),
    "FA06": (
        "NGGCCCC",
        (
            "Residents' Charter drafted with resident panels",
            "New complaints procedure and training for managers rolled out",
        ),
        "consultation took longer than planned",
        "Residents' Charter adopted and the new complaints procedure in place",
    ),
    "FA07a": (
        "NGGGGGG",
        (
            "Week of action held in a district centre with street cleaning, enforcement and youth events",
            "Week of action delivered with footway repairs and new CCTV",
        ),
        "staff availability",
        "Weeks of action held in every district centre",
    ),
    "FA07b": (
        "GGGGGAG",
        (
            "Ward walkabouts held in every ward this quarter",
            "Issues raised on walkabouts logged and tracked to completion",
        ),
        "two walkabouts were postponed because of staffing",
        "Walkabouts embedded as routine",
    ),
    "FA08": (
        "GGGGGGG",
        (
            "Civic events delivered, including Remembrance events at the Civic Centre",
            "Arts centre season under way; the pantomime sold a record 13,600 tickets",
        ),
        "venue repairs",
        "Programme delivered",
    ),
    "FA09": (
        "NGGGGGG",
        (
            "Food waste collections extended to a further 60 blocks of flats",
            "Recycling bins replaced at blocks with high contamination",
        ),
        "delays in the delivery of food waste bins",
        "Food waste and recycling collections at every block of flats",
    ),
    "FA10": (
        "NNGGAGC",
        ("Camera locations agreed with the police", "Cameras installed at the first hotspots"),
        "supplier delays to camera installation",
        "New CCTV cameras installed and monitored at every hotspot",
    ),
    "FA11": (
        "GGGGGGG",
        (
            "Joint operations with the police targeting catalytic converter theft",
            "Free marking of catalytic converters at community events",
        ),
        "police resources were redeployed",
        "Operations completed",
    ),
    "FA12": (
        "NGGGGGG",
        (
            "Safer Spaces website launched for women and girls to report places where they feel unsafe",
            "Lighting and CCTV improved at places reported on the Safer Spaces website",
        ),
        "low response to the online survey",
        "Programme complete",
    ),
    "FA13a": (
        "GGGAGGG",
        ("Resurfacing of priority roads on programme", "Winter patching programme under way"),
        "wet weather and contractor capacity delayed resurfacing",
        "Priority roads resurfaced",
    ),
    "FA13b": (
        "NGGGGGG",
        ("Footway resurfacing completed in the week of action area", "Footway programme on schedule"),
        "contractor capacity",
        "Priority footways resurfaced",
    ),
    "FA14a": (
        "GGGGGGC",
        ("Phase 1 construction on programme", "Phase 1 homes nearing completion; lettings plan agreed"),
        "construction delays",
        "Phase 1 completed, delivering 89 new homes",
    ),
    "FA14b": (
        "NNGAARR",
        (
            "Design and planning for Phases 2 and 3 progressing",
            "Procurement of a contractor for Phases 2 and 3 started",
        ),
        "rising build costs mean Phases 2 and 3 are under review and likely to start later in 2024",
        "Phases 2 and 3 started",
    ),
    "FA15": (
        "NGGGGGG",
        (
            "Meanwhile-use leases agreed for empty town centre units",
            "Public realm improvements completed in the town centre square",
        ),
        "landlord negotiations",
        "Empty units back in use",
    ),
    "FA16": (
        "GAAGGGG",
        (
            "Fire door replacement and compartmentation works on programme",
            "Building safety cases prepared for every higher-risk block",
        ),
        "contractor shortages delayed fire door works",
        "Building safety programme complete",
    ),
    "FA17": (
        "NNGGGGG",
        (
            "Warm hubs open in libraries and community centres with health advice, exercise classes and a hot meal",
            "25 warm hubs open this winter, backed by the 'Feeling Connected over Winter' campaign",
        ),
        "volunteer numbers",
        "Warm hubs programme delivered",
    ),
    "FA18a": (
        "NGGGGGC",
        ("Family hub sites agreed and refurbishment started", "Two family hubs open"),
        "building works",
        "Family hubs open in every locality",
    ),
    "FA18b": (
        "NNNGGGG",
        (
            "Start for Life parenting and infant feeding services launched at the family hubs",
            "Perinatal mental health support added to the Start for Life offer",
        ),
        "recruitment of specialist staff",
        "Start for Life services in place",
    ),
    "FA19": (
        "NGGGGGG",
        ("Fit for Life charter signed by 25 primary schools", "Fit for Life charters delivered to 40 primary schools"),
        "school capacity",
        "Charter in every primary school",
    ),
    "FA20": (
        "NNGGAGC",
        ("Service model agreed with the hospital trust", "Bridging carers recruited and trained"),
        "recruitment of care staff is slower than planned",
        "Hospital discharge bridging service launched",
    ),
    "FA21": (
        "GGGGGGG",
        (
            "Holiday activities and free meals provided over the school holidays",
            "Free school meals provided to over 6,000 children in each of the October half term and Christmas holidays",
        ),
        "provider capacity",
        "Programme delivered",
    ),
    "FA22": (
        "GGGGGGG",
        (
            "Help Brentmoor distributed food packages and fuel vouchers to residents in need",
            "Over 9,000 food packages and 1,500 vouchers distributed through Help Brentmoor",
        ),
        "funding",
        "Scheme delivered",
    ),
    "FA23": (
        "NNGGGAA",
        (
            "Condition surveys of the neighbourhood resource centres completed",
            "Refurbishment plans agreed with families and carers",
        ),
        "building works at two centres are behind schedule and costs have risen",
        "Centres refurbished",
    ),
    "FA24": (
        "NGGCCCC",
        ("Employment hub opened with 20 local employers signed up", "Job fairs and sector training courses delivered"),
        "employer recruitment",
        "Brentmoor Works employment hub open and fully operating",
    ),
}
FA_STATUS = {"N": "Not started", "G": "On track", "A": "At risk", "R": "Off track", "C": "Complete"}


def fa_update(code: str, i: int) -> tuple[str, str]:
    """Status and one-sentence update for Flagship Action line ``code`` in quarter ``i``.

    Parameters
    ----------
    code : str
        Reporting code, e.g. ``FA14a``.
    i : int
        Quarter index, at least :data:`PLAN_START`.

    Returns
    -------
    tuple of str
        The status (from council.yml's list) and the update.
    """
    path, progress, risk, done = FA_PLAN[code]
    k = i - PLAN_START
    status = FA_STATUS[path[k]]
    if status == "Not started":
        text = f"Scoping and procurement under way; delivery due to start in {quarter_label(i + 1)}."
    elif status == "On track":
        text = progress[min(path[:k].count("G"), 1)] + "."
    elif status == "At risk":
        text = f"At risk: {risk}; mitigation agreed with the portfolio holder."
    elif status == "Off track":
        text = f"Off track: {risk}; a revised timetable will be reported next quarter."
    elif k == path.index("C"):
        text = done + "."
    else:
        text = f"Completed in {quarter_label(PLAN_START + path.index('C'))}; benefits now being monitored."
    return status, text


# --------------------------------------------------------------------------- narrative
def _figure(ind: dict, r: Rating) -> str:
    """A rated figure for the narrative; small sensitive counts are suppressed."""
    if ind["sensitive"] == "yes" and r.value < 5:
        return "fewer than 5"
    return show(r.value, ind)


def _pi_bullet(ind: dict, r: Rating) -> str:
    """A narrative bullet comparing a PI's rated figure with its target."""
    figure = _figure(ind, r) + (" year to date" if ind["measure_type"] == "cumulative" else "")
    if figure.startswith("fewer than"):
        return f"{ind['title']}: {figure} this quarter, {'within' if r.status == 'Green' else 'above'} {show_target(r, ind)}"
    if ind["good_direction"] == "range":
        where = "within" if r.status == "Green" else "outside"
        return f"{ind['title']}: {figure}, {where} {show_target(r, ind)}"
    if r.value == r.target:
        return f"{ind['title']}: {figure}, exactly on target"
    return f"{ind['title']}: {figure}, {'better' if r.status == 'Green' else 'worse'} than {show_target(r, ind)}"


def _margin(ind: dict, r: Rating) -> float:
    """How far past the target a rated value is, in units of the target (bigger = better)."""
    scale = abs(r.target) or 1.0
    if ind["good_direction"] == "higher":
        return (r.value - r.target) / scale
    if ind["good_direction"] == "lower":
        return (r.target - r.value) / scale
    return -max(r.target - r.value, r.value - r.upper, 0) / scale


#: 2023-24 Q3 narrative, following the themes of the March 2024 Cabinet report (fictionalised).
#: ``{XX00}`` is the PI's rated figure and ``{XX00_t}`` its target; the PIs named in
#: achievements must be Green (or Data only) and those in areas for improvement Red.
SEED_THEMES: dict[str, tuple[list[str], list[str]]] = {
    "residents": (
        [
            "Successful launch of the new planning system with an enhanced online customer portal",
            "Weeks of action in the district centres, with footway and highway resurfacing, new CCTV and the opening of family hubs",
            "Remembrance events at the Civic Centre, and a record 13,600 pantomime tickets sold at the Brentmoor Arts Centre",
            "The annual canvass improved the accuracy of the electoral register, promoted registration and responded to the Elections Act changes",
            "More residents served online: {RF10} of transactions completed online, against a target of {RF10_t}",
        ],
        [
            "Full fibre broadband for all council homes, delayed by financial problems in the broadband industry",
            "Waiting times before telephone calls are answered: an average of {RF01} against a target of {RF01_t}",
            "Answering Freedom of Information requests within 20 working days: {RF03} on time against a target of {RF03_t}",
        ],
    ),
    "clean_safe": (
        [
            "Fewer catalytic converter thefts ({CS19} this quarter) after targeted operations with the police and local partners",
            "Improved recycling and less residual waste: {CS01} of household waste recycled or composted so far this year, "
            "and {CS02} kg of residual waste per household in the quarter",
            "Brentmoor Fields Phase 1 completed, delivering 89 new homes",
            "Better building safety compliance ({CS14} of homes with a gas safety certificate, {CS15} of blocks with a fire risk "
            "assessment) and faster re-lets of council homes ({CS17} on average)",
            "Fewer empty shops: the town centre vacancy rate fell to {CS08}, alongside improved public areas",
        ],
        [
            "Anti-social behaviour: {CS05} incidents reported, above the target of {CS05_t}",
            "Highway defects made safe within timescale: {CS06} against a target of {CS06_t}",
            "Footfall in the town centre: {CS07} visits against a target of {CS07_t}",
            "Electrical safety checks in council homes: {CS13} with a valid check against a target of {CS13_t}",
            "Brentmoor Fields Phases 2 and 3: delayed and under review, likely to start later in 2024",
        ],
    ),
    "supported": (
        [
            "25 warm hubs providing health advice, exercise classes and a hot meal, with the 'Feeling Connected over Winter' campaign",
            "Homelessness prevented for {NS01} households so far this year, in the top 5 in London",
            "Exceeded the target for helping residents into work ({NS04} so far this year against {NS04_t}), the best performance in London",
            "Launch of the hospital discharge bridging service with the NHS",
            "Free school meals for over 6,000 children in each of the October half term and Christmas holidays, "
            "and Fit for Life charters delivered to 40 primary schools",
        ],
        [
            "Children's social care assessments completed within 45 working days: {NS05} against a target of {NS05_t}",
            "Absence rates in local schools: {NS09} of sessions missed in primary and {NS10} in secondary schools",
            "Exclusions from local schools: {NS11} permanent exclusions in the quarter against a target of no more than {NS11_t}",
            "Timeliness of Education, Health and Care plans for children with SEND: {NS08} issued within 20 weeks",
            "Improvements at the neighbourhood resource centres, where building works are behind schedule",
        ],
    ),
}


#: Last-resort achievements for a quarter in which no PI of the priority is Green or improving.
STEADY: dict[str, list[str]] = {
    "residents": [
        "The contact centre and online services stayed open to residents throughout the quarter",
        "Council tax support and hardship payments were processed for residents in difficulty",
    ],
    "clean_safe": [
        "Waste, recycling and street cleansing services ran to schedule throughout the quarter",
        "Gas and fire safety checks in council homes continued with Covid-secure working",
    ],
    "supported": [
        "Vulnerable residents were contacted and supported with food, medicines and befriending",
        "Schools and children's services kept in touch with every child known to social care",
    ],
}


def _seed_narrative(pr: str, i: int, by_code: dict, ratings: dict) -> tuple[list[str], list[str]]:
    """Fill the 2023-24 Q3 themes with this run's figures, checking each claim against the ratings."""
    fields = {}
    for code, ind in by_code.items():
        r = ratings.get((code, i))
        if r is not None and r.value is not None:
            fields[code] = _figure(ind, r)
            fields[code + "_t"] = show(r.target, ind) if r.target is not None else ""
    out = []
    for texts, allowed in zip(SEED_THEMES[pr], (("Green", "Data only"), ("Red",)), strict=False):
        for text in texts:
            for code in {c for c in by_code if "{" + c in text}:
                if ratings[(code, i)].status not in allowed:
                    raise AssertionError(
                        f"narrative for {pr} cites {code} as {allowed}, but it is {ratings[(code, i)].status}"
                    )
        out.append([t.format(**fields) for t in texts])
    return out[0], out[1]


def narrative(i: int, council: dict, indicators: list[dict], ratings: dict, actions: list[dict]) -> list[tuple]:
    """The analyst's narrative rows (priority id, type, text) for quarter ``i``.

    Built from the quarter's ratings: Green PIs furthest past target and newly
    completed Flagship Actions as achievements; Red (then Amber) PIs and
    actions off track as areas for improvement, 2 to 5 of each per priority.
    2023-24 Q3 follows the themes of the March 2024 Cabinet report.

    Parameters
    ----------
    i : int
        Quarter index.
    council : dict
        council.yml, for the priorities and their order.
    indicators, actions : list of dict
        Catalogue rows.
    ratings : dict
        ``(pi_code, quarter index)`` -> :class:`Rating`.

    Returns
    -------
    list of tuple
        ``(priority id, type label, text)`` rows in report order.
    """
    achieve, improve = fmt.NARRATIVE_KINDS["achievement"], fmt.NARRATIVE_KINDS["improvement"]
    rows: list[tuple] = []
    for pr in (p["id"] for p in council["priorities"]):
        if i == N_QUARTERS - 1:
            good_rows, bad_rows = _seed_narrative(pr, i, {x["pi_code"]: x for x in indicators}, ratings)
            rows += [(pr, achieve, t) for t in good_rows] + [(pr, improve, t) for t in bad_rows]
            continue
        rated = [
            (ind, ratings[(ind["pi_code"], i)])
            for ind in indicators
            if ind["priority"] == pr
            and ratings.get((ind["pi_code"], i), Rating("")).status in ("Green", "Amber", "Red")
        ]
        greens = sorted((x for x in rated if x[1].status == "Green"), key=lambda x: -_margin(*x))
        misses = sorted((x for x in rated if x[1].status != "Green"), key=lambda x: (x[1].status != "Red", _margin(*x)))
        good_rows = [_pi_bullet(ind, r) for ind, r in greens[:3]]
        bad_rows = [_pi_bullet(ind, r) for ind, r in misses[:3]]
        for fa in (f for f in actions if f["priority"] == pr and i >= PLAN_START):
            status, update = fa_update(fa["fa_code"], i)
            path = FA_PLAN[fa["fa_code"]][0]
            if "C" in path and i - PLAN_START == path.index("C") and len(good_rows) < 5:
                good_rows.insert(0, update.rstrip("."))
            elif status == "Off track" and len(bad_rows) < 5:
                bad_rows.append(f"{fa['title']}: {update[0].lower()}{update[1:].rstrip('.')}")
        sign = {"higher": 1, "lower": -1}
        named = {ind["pi_code"] for ind, _ in misses[:3]}
        for lag, when in ((4, "a year earlier"), (1, "last quarter")):
            improvers = sorted(
                (
                    (ind, r, ratings[(ind["pi_code"], i - lag)])
                    for ind, r in rated
                    if r.status != "Green"
                    and ind["good_direction"] in sign
                    and ind["pi_code"] not in named
                    and not (lag == 1 and ind["measure_type"] == "cumulative")
                    and ratings.get((ind["pi_code"], i - lag), Rating("")).value is not None
                ),
                key=lambda x: -sign[x[0]["good_direction"]] * (x[1].value - x[2].value) / (abs(x[2].value) or 1),
            )
            for ind, r, before in improvers:
                if len(good_rows) >= 2 or sign[ind["good_direction"]] * (r.value - before.value) <= 0:
                    break
                good_rows.append(f"{ind['title']}: {_figure(ind, r)}, improved from {_figure(ind, before)} {when}")
                named.add(ind["pi_code"])
        good_rows += STEADY[pr][: max(0, 2 - len(good_rows))]
        for ind, r in greens[::-1]:
            if len(bad_rows) >= 2:
                break
            bad_rows.append(
                f"Keeping {ind['title'][0].lower()}{ind['title'][1:]} on target: {_figure(ind, r)} is close to {show_target(r, ind)}"
            )
        rows += [(pr, achieve, t) for t in good_rows[:5]] + [(pr, improve, t) for t in bad_rows[:5]]
    return rows


# --------------------------------------------------------------------------- workbooks
def save(wb: Workbook, path: Path, when: dt.datetime) -> None:
    """Save ``wb`` with fixed document dates and zip entry times, so every run gives identical bytes.

    Parameters
    ----------
    wb : Workbook
        The workbook to save.
    path : Path
        Where to write it.
    when : datetime
        Used as the created and modified dates and as every zip entry's time.
    """
    wb.properties.creator = wb.properties.lastModifiedBy = "perflib sample data generator"
    wb.properties.created = wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps "modified" with the current time ...
    wb.properties.modified = when  # ... so the core properties are written again below
    core = tostring(wb.properties.to_tree())
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, core if info.filename == "docProps/core.xml" else src.read(info.filename))


def _sheet(wb: Workbook, title: str, header: list[str], widths: list[int], first: bool = False):
    ws = wb.active if first else wb.create_sheet(title)
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJ", widths, strict=False):
        ws.column_dimensions[col].width = width
    return ws


def write_return(
    path: Path, council: dict, directorate: str, i: int, submitted: dt.date, pi_rows: list[list], fa_rows: list[list]
) -> None:
    """Write one directorate's return workbook (Cover, Indicators, Flagship actions).

    Parameters
    ----------
    path : Path
        ``<out>/<quarter>/<directorate>.xlsx``.
    council : dict
        council.yml (gives the council name).
    directorate : str
        Directorate id.
    i : int
        Quarter index.
    submitted : date
        Date submitted, shown on the cover and used as the file's timestamp.
    pi_rows, fa_rows : list of list
        Rows of the Indicators and Flagship actions sheets, in header order; an indicator row
        ends with its planned action and due date, written from :data:`PLANNED_FROM` on.
    """
    wb = Workbook()
    cover = wb.active
    cover.title = fmt.COVER_SHEET
    officer = OFFICERS[directorate][0 if i < PLAN_START else 1]
    for key, value in (
        ("council", council["council_name"]),
        ("directorate", directorate),
        ("quarter", quarter_label(i)),
        ("completed_by", officer),
        ("submitted", submitted),
    ):
        cover.append([fmt.COVER_FIELDS[key], value])
    cover["B5"].number_format = "dd/mm/yyyy"
    cover.column_dimensions["A"].width, cover.column_dimensions["B"].width = 18, 32
    forecasts = {row[0]: SERVICE_FORECASTS[(i, row[0])] for row in pi_rows if (i, row[0]) in SERVICE_FORECASTS}
    optional = [fmt.INDICATOR_OPTIONAL_COLUMNS["service_forecast"]] if forecasts else []
    width = len(fmt.INDICATOR_COLUMNS)
    new_layout = i >= PLANNED_FROM
    planned_cols = [fmt.INDICATOR_OPTIONAL_COLUMNS[k] for k in ("planned_action", "action_due")] if new_layout else []
    header = list(fmt.INDICATOR_COLUMNS.values()) + planned_cols + optional
    ind = _sheet(
        wb, fmt.INDICATORS_SHEET, header, [9, 50, 9, 14, 14, 12, 13, 13, 80, 80, *([60, 12] if new_layout else [])]
    )
    for row in pi_rows:
        ind.append(row[:width] + (row[width:] if new_layout else []) + ([forecasts.get(row[0])] if optional else []))
        if new_layout and row[width + 1] is not None:
            ind.cell(row=ind.max_row, column=width + 2).number_format = "dd/mm/yyyy"
    fa_header = [
        fmt.ACTION_LEGACY_COLUMNS["owner"] if k == "lead_officer" and not new_layout else label
        for k, label in fmt.ACTION_COLUMNS.items()
    ]
    act = _sheet(wb, fmt.ACTIONS_SHEET, fa_header, [9, 70, 34, 12, 90])
    for row in fa_rows:
        act.append(row)
    save(wb, path, dt.datetime.combine(submitted, dt.time(9, 0)))


def write_narrative(path: Path, rows: list[tuple], when: dt.datetime) -> None:
    """Write the analyst's narrative workbook."""
    wb = Workbook()
    ws = _sheet(wb, fmt.NARRATIVE_SHEET, list(fmt.NARRATIVE_COLUMNS.values()), [12, 22, 110], first=True)
    for row in rows:
        ws.append(list(row))
    save(wb, path, when)


def target_cell(ind: dict, tgt: dict | None, i: int) -> float | int | str | None:
    """The Target column: the year's target, the year-to-date profile for cumulative counts, or the band."""
    if tgt is None:
        return None
    if ind["good_direction"] == "range":
        return f"{tgt['target']:g} to {tgt['target_upper']:g}"
    value = tgt.get(f"q{i % 4 + 1}_target") if ind["measure_type"] == "cumulative" else None
    value = tgt["target"] if value is None else value
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------- main
def build(out: Path, root: Path = ROOT) -> dict[tuple[str, int], Rating]:
    """Generate every quarter's returns and narrative into ``out``.

    Parameters
    ----------
    out : Path
        Folder to hold the quarter folders; only those folders are replaced.
    root : Path
        Project root holding ``data/council.yml`` and the catalogue.

    Returns
    -------
    dict
        ``(pi_code, quarter index)`` -> :class:`Rating`, the generator's own check.
    """
    council, indicators, targets, actions = load_inputs(root)
    series = {ind["pi_code"]: simulate(ind, MODELS[ind["pi_code"]]) for ind in indicators}
    directorates = [d["id"] for d in council["directorates"]]
    received = {d: {i for i in range(N_QUARTERS) if (i, d) not in MISSING} for d in directorates}
    ratings = {}
    for ind in indicators:
        for i in series[ind["pi_code"]]:
            fy = fy_label(FIRST_YEAR + i // 4)
            ratings[(ind["pi_code"], i)] = rate(
                ind, targets.get((ind["pi_code"], fy)), i, series[ind["pi_code"]], received[ind["directorate"]]
            )
    for i in range(N_QUARTERS):
        folder = out / quarter_label(i).replace(" ", "-")
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        rng = np.random.default_rng([SEED, 1, i])
        rng_planned = np.random.default_rng([SEED, 2, i])
        fy = fy_label(FIRST_YEAR + i // 4)
        latest = quarter_end(i)
        for d in directorates:
            submitted = quarter_end(i) + dt.timedelta(days=int(rng.integers(5, 21)))
            latest = max(latest, submitted)
            if (i, d) in MISSING:
                continue
            pi_rows = []
            for ind in (x for x in indicators if x["directorate"] == d and i in series[x["pi_code"]]):
                code, obs, r = ind["pi_code"], series[ind["pi_code"]][i], ratings[(ind["pi_code"], i)]
                model = MODELS[code]
                action = corrective(model, i, rng) if r.status in ("Amber", "Red") else None
                step, due = None, None
                if action and rng_planned.random() < PLANNED_SHARE[r.status]:
                    step, due = planned(ind, model, action, i, rng_planned)
                pi_rows.append(
                    [
                        code,
                        ind["title"],
                        ind["unit"],
                        ind["good_direction"],
                        target_cell(ind, targets.get((code, fy)), i),
                        obs.value,
                        obs.num,
                        obs.den,
                        commentary(ind, model, i, series[code], r),
                        action,
                        step,
                        due,
                    ]
                )
            fa_rows = []
            if i >= PLAN_START:
                for fa in (f for f in actions if f["directorate"] == d):
                    fa_rows.append([fa["fa_code"], fa["title"], fa["lead_officer"], *fa_update(fa["fa_code"], i)])
            write_return(folder / f"{d}.xlsx", council, d, i, submitted, pi_rows, fa_rows)
        write_narrative(
            folder / fmt.NARRATIVE_FILE,
            narrative(i, council, indicators, ratings, actions),
            dt.datetime.combine(latest + dt.timedelta(days=3), dt.time(9, 0)),
        )
    return ratings


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: ``python scripts/make_sample_data.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw", help="folder for the quarter folders")
    args = parser.parse_args(argv)
    ratings = build(args.out)
    last = N_QUARTERS - 1
    summary: dict[str, list[str]] = {}
    for (code, i), r in sorted(ratings.items()):
        if i == last:
            summary.setdefault(r.status, []).append(code)
    print(f"wrote {N_QUARTERS} quarters to {args.out}")
    print(f"{quarter_label(last)} by the generator's own check:")
    for status in ("Green", "Amber", "Red", "Data only", "Not rated"):
        print(f"  {status:9} {len(summary.get(status, [])):2}  {' '.join(summary.get(status, []))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
