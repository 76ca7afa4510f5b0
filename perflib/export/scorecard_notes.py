"""The "Notes" sheet of ``scorecard.xlsx``: what every column, status and arrow means."""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from perflib.core.config import CouncilConfig
from perflib.export.cells import xlsx_text
from perflib.export.scorecard import SCORECARD_COLUMNS
from perflib.report.funnel_charts import coverage_text
from perflib.report.wording import TREND_MEANINGS, status_meaning, trend_text
from perflib.rules import status as rules
from perflib.rules import suppression
from perflib.rules.comparator_method import comparator_method
from perflib.rules.spc_rules import LIMIT

# ------------------------------------------------------------------ scorecard.xlsx
#: What each scorecard column means (the "Notes" sheet of scorecard.xlsx).
SCORECARD_COLUMN_NOTES: dict[str, str] = {
    "period": "The report quarter, e.g. 2023-24 Q3 (financial year April to March).",
    "indicator_id": "The Performance Indicator's code in the catalogue; never reused.",
    "indicator": "The PI's short name as printed in the report.",
    "priority": "The corporate plan priority the PI sits under.",
    "priority_id": "Id of that priority in the council configuration.",
    "directorate": "The directorate whose return reports the PI.",
    "directorate_id": "Id of that directorate.",
    "good_direction": "Which way is better: higher, lower, or range (within a band).",
    "unit": "Unit of the values: percent (0 to 100), count, number, days, seconds or weeks.",
    "decimals": "Decimal places the report shows; values are rounded to these before they are rated.",
    "sensitive": "yes if the PI counts people, so that small counts are suppressed (see below).",
    "frequency": "How often the PI is reported: quarterly, annual or biennial.",
    "measure_type": "What the value means: in quarter (activity in the quarter), year to date (added up "
    "over the year so far) or snapshot (position at quarter end).",
    "value": "The value rated this quarter: the year to date for cumulative PIs, otherwise the quarter's figure.",
    "quarter_value": "The figure for the quarter on its own, as returned.",
    "numerator": "The quarter's numerator, for PIs built from a count over a count.",
    "denominator": "The quarter's denominator.",
    "ytd_numerator": "Year-to-date numerator (cumulative percent PIs, pooled).",
    "ytd_denominator": "Year-to-date denominator.",
    "target": "The target in force for the year (for range PIs the lower edge of the band).",
    "target_upper": "For range PIs, the upper edge of the target band.",
    "tolerance": "The amber tolerance: how far past the target is still Amber.",
    "tolerance_type": "absolute (in the PI's unit) or percent (a percentage of the target).",
    "amber_threshold": "The value past which the PI is Red (for range PIs the lower edge).",
    "amber_threshold_upper": "For range PIs, the upper amber threshold.",
    "status": "Green, Amber, Red, Data only, No data or Not due (see Statuses below).",
    "status_reason": "Why a PI has No data (e.g. return not received).",
    "short_trend": "Direction of travel against the previous reported period (see Trends below).",
    "short_previous": "The value the short-term trend compared with: the latest earlier period with a figure.",
    "short_period": "The period of short_previous (a period with no figure is passed over, never read as 0).",
    "long_trend": "Direction of travel against the same quarter a year earlier (or, when that has no figure, "
    "the year before).",
    "long_previous": "The value the long-term trend compared with.",
    "long_period": "The period of long_previous.",
    "red_run": "How many reported periods running the PI has been Red (periods with no figure are passed over).",
    "red_run_gaps": "The periods with no figure that the run of Red passes over.",
    "last_value": "For PIs not due this quarter, the last value reported.",
    "last_period": "The quarter that last value is for.",
    "commentary": "The service's commentary from its return.",
    "corrective_action": "The corrective action the service is taking now, from its return.",
    "planned_action": "What the service plans to do next, from its return (optional 'Planned action' column); "
    "blank when none is given.",
    "action_due": "The date the planned action is due, as YYYY-MM-DD (optional 'Action due' column); blank when "
    "none is given.",
    "lead_officer": "The officer accountable for the PI (a job title), from the indicator catalogue; blank when "
    "none is assigned (the report says Not assigned).",
    "portfolio_holder": "The Cabinet member whose portfolio the PI falls in, from the indicator catalogue; blank "
    "when none is assigned (the report says Not assigned).",
    "spc_variation": "Statistical process control (SPC): is the latest figure within the PI's usual ups and downs "
    "(Common cause) or a sign of real change (Special cause improvement, concern, or neutral for range PIs)? "
    "Too few points when the history is too short for limits.",
    "spc_assurance": "SPC: will the process, as it runs now, meet its target? Consistently passing, Hit and miss or "
    "Consistently failing; None without a target or with too few points.",
    "spc_n_points": "How many reported periods with a figure the SPC chart holds.",
    "spc_mean": "The SPC chart's centre line: the mean of its points (of the latest period of calculation).",
    "spc_lcl": f"Lower process limit: the mean less {LIMIT} x the mean moving range; blank with too few points.",
    "spc_ucl": f"Upper process limit: the mean plus {LIMIT} x the mean moving range; blank with too few points.",
    # comparison with the comparator group (docs/methodology.md section 9)
    "benchmark_period": "The comparator period compared, in words (e.g. calendar year 2023): the latest published "
    "period ending by the quarter's end, within the PI's look-back.",
    "benchmark_group": "The comparator group the council is compared with.",
    "benchmark_n": "How many areas of the group have a figure for that period, the council included when it has one.",
    "benchmark_rank": "The council's rank among them, 1 best; tied areas share the better rank. Blank when the "
    "council has no figure (suppressed or not published) or neither higher nor lower is better.",
    "benchmark_quartile": "The council's quartile, 1 best to 4 worst, from its rank (blank with fewer than 4 areas).",
    "benchmark_median": "The median of the areas' figures.",
    "benchmark_value": "The council's figure in the comparator data, the one ranked; blank when it has none.",
    "benchmark_average": "The group average, worked out as benchmark_average_method says.",
    "benchmark_average_method": "pooled rate: 100 x the sum of the areas' numerators / the sum of their "
    "denominators (percentages where every area gives both); mean: the mean of the areas' figures.",
    # the year-end forecast (docs/methodology.md section 10)
    "forecast_outturn": "In Q1 to Q3, the forecast of the year's outturn (the figure the year-end target is judged "
    "on: the year to date at Q4 for cumulative PIs, the year's pooled rate or mean quarter for in-quarter PIs, the "
    "Q4 position for snapshots); in Q4, the actual outturn. Blank where there is no forecast (see forecast_reason).",
    "forecast_low": "The bottom of the 80% interval of the forecast outturn: 1 year in 10 should end below it.",
    "forecast_high": "The top of the 80% interval: 1 year in 10 should end above it.",
    "forecast_p_meet": "The probability, from 0 to 1, that the year ends on or better than its year-end target "
    "(inside the band for range PIs), from the forecast method's own errors on earlier years. In Q4, 1 if the "
    "outturn met the target and 0 if not.",
    "forecast_method": "seasonal profile (forecast from last years' pattern within the year), actual (Q4: the "
    "actual outturn), No forecast, or in Q4 No outturn.",
    "forecast_reason": "Why a PI has no forecast (in Q4, no outturn), e.g. annual PIs, or fewer than two complete "
    "past years of figures.",
    "forecast_target": "The year-end target the probability refers to (for cumulative PIs the whole year's target, "
    "not this quarter's profile).",
    "forecast_target_upper": "For range PIs, the upper edge of the year-end target band.",
    "service_forecast": "The service's own forecast of the year-end outturn, where its return gives one (optional "
    "'Forecast outturn' column); shown beside perflib's forecast, never instead of it.",
}


def funnel_notes(config: CouncilConfig) -> dict[str, str]:
    """Notes on the funnel plot columns, with the limits of the council's methodology.

    Parameters
    ----------
    config : CouncilConfig

    Returns
    -------
    dict
        ``benchmark_funnel`` and ``benchmark_funnel_z`` -> their notes.
    """
    method = comparator_method(config.methodology)
    outer = coverage_text(method.z_outer)
    return {
        "benchmark_funnel": "The funnel plot's verdict for percentages with numerators and denominators: better "
        f"than, similar to or worse than the group, by whether the council lies beyond the {outer} control limits "
        "for its size around the group's pooled rate. Blank when there is no funnel plot.",
        "benchmark_funnel_z": "The council's z-score on the funnel plot: (its rate - the pooled rate) / the standard "
        "error at its size (divided by the square root of phi when over-dispersion is allowed for); beyond "
        f"+/-{method.z_outer:g} is outside the {outer} limits.",
    }


#: Where the scorecard gives more detail on a status.
_DETAIL_IN_SCORECARD = {rules.NO_DATA: "status_reason says why", rules.NOT_DUE: "last_value shows its last figure"}


class _Sheet:
    """Writes the Notes sheet row by row: a label in column A, its text in column B."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 100

    def put(self, a: object = None, b: object = None, font: Font | None = None) -> None:
        for col, value in ((1, a), (2, b)):
            if value is not None:
                cell = self.ws.cell(row=self.row, column=col, value=xlsx_text(value))
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if font is not None:
                    cell.font = font
        self.row += 1

    def heading(self, text: str) -> None:
        self.row += 1
        self.put(text, font=Font(bold=True, size=13))


def _title(sheet: _Sheet, frame: pd.DataFrame, config: CouncilConfig) -> None:
    quarter = str(frame["period"].dropna().iloc[0]) if frame["period"].notna().any() else ""
    council = config.council_name
    sheet.put(
        "Corporate scorecard" + (f": {quarter}" if quarter else "") + (f", {council}" if council else ""),
        font=Font(bold=True, size=15),
    )
    if config.illustrative_notice:
        sheet.put(
            "Illustrative data",
            config.illustrative_notice + " These figures are illustrative: they do not "
            "describe any real council's performance.",
            font=Font(bold=True, color="8A1F00"),
        )
    sheet.put(
        None,
        f"One row per Performance Indicator in the catalogue ({len(frame)} in all), as in scorecard.csv "
        "and Appendix 2 of the report. Made by perflib; do not edit by hand, rerun the quarter instead.",
    )


def _statuses(sheet: _Sheet, colours: dict[str, tuple[str, str]]) -> None:
    sheet.heading("Statuses")
    sheet.put(None, "The status cell always carries the status in words; its colour matches the report.")
    for status in rules.STATUSES:
        sheet.put(status, status_meaning(status, _DETAIL_IN_SCORECARD))
        if status in colours:
            fill, ink = colours[status]
            cell = sheet.ws.cell(row=sheet.row - 1, column=1)
            cell.fill = PatternFill("solid", fgColor=fill)
            cell.font = Font(bold=True, color=ink)


def write_notes(ws: Worksheet, frame: pd.DataFrame, config: CouncilConfig, colours: dict[str, tuple[str, str]]) -> None:
    """Fill the "Notes" sheet of scorecard.xlsx.

    Parameters
    ----------
    ws : Worksheet
        The empty sheet.
    frame : DataFrame
        The scorecard as published (:func:`perflib.export.scorecard.scorecard_frame`).
    config : CouncilConfig
        The council's name, illustrative notice and suppression thresholds.
    colours : dict
        Status -> (fill, text colour), as the report shows them.
    """
    sheet = _Sheet(ws)
    _title(sheet, frame, config)
    sheet.heading("Columns")
    sheet.put("Column", "Meaning", font=Font(bold=True))
    notes = {**SCORECARD_COLUMN_NOTES, **funnel_notes(config)}
    for name in SCORECARD_COLUMNS:
        sheet.put(name, notes.get(name, ""))
    _statuses(sheet, colours)
    sheet.heading("Trends")
    sheet.put(
        None,
        "short_trend compares with the previous reported period, long_trend with the same quarter a "
        "year earlier. The columns give the direction of travel in words; the report shows the same with "
        "an arrow, as below. Improving and Declining take account of which direction is good.",
    )
    for trend, meaning in TREND_MEANINGS.items():
        sheet.put(trend_text(trend), meaning)
    suppress_below = config.methodology.suppression.min_count
    sheet.heading("Suppression")
    sheet.put(
        None,
        f"For PIs that count people (sensitive = yes), counts from 1 to {suppress_below - 1} could "
        f"identify someone and are shown as {suppression.label(suppress_below)} in every value column, "
        "as in the report. Zero is shown. The status is worked out on the true figure.",
    )
    sheet.heading("Formulas")
    sheet.put(
        None,
        "No cell is a formula. Text from the returns that begins with =, +, - or @ is stored with a "
        "leading apostrophe (') so that no spreadsheet can run it, as in scorecard.csv.",
    )
    sheet.put(
        "Number formats",
        "Percentages are numbers from 0 to 100 (63.5 means 63.5%); values are shown to the "
        "PI's decimal places (the cell holds the figure as returned or computed).",
    )
