"""Return templates: the workbooks sent to services for a coming quarter.

One workbook per directorate, in exactly the layout the loader reads
(:mod:`perflib.inputs.layout`): a cover, the directorate's PIs due that
quarter with their definition, unit, good direction, this year's target and
last four values as published for reference (year to date for cumulative PIs,
marked so; a cell without a figure says why), and its Flagship Actions with the
status last reported. Cells to fill are
yellow and unlocked; reference cells are locked (sheet protection without a
password, so nobody changes a code by accident); Excel data validation allows
only numbers in the figure cells and only the allowed statuses for Flagship
Actions, and only dates in "Action due". An Instructions sheet says how to fill it in.

This module writes the workbooks; the sheets are built by
:mod:`perflib.export.template_sheets` (instructions, cover, Flagship Actions)
and :mod:`perflib.export.template_indicators`, and what they show of earlier
quarters comes from :mod:`perflib.export.template_history`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from openpyxl import Workbook

from perflib.core.config import CouncilConfig, load_config
from perflib.core.quarters import Quarter
from perflib.export.template_history import History, load_history
from perflib.export.template_indicators import indicator_sheet
from perflib.export.template_sheets import actions_sheet, cover_sheet, instructions_sheet
from perflib.inputs import layout as fmt
from perflib.inputs.catalogue import Catalogue, load_catalogue


def write_template(
    config: CouncilConfig, catalogue: Catalogue, quarter: Quarter, directorate: str, history: History, target: Path
) -> Path:
    """Write one directorate's return template.

    Parameters
    ----------
    config : CouncilConfig
    catalogue : Catalogue
    quarter : Quarter
        The quarter the return is for.
    directorate : str
        Directorate id.
    history : History
        Earlier figures as published and the last reported Flagship Action statuses.
    target : Path
        The workbook to write.

    Returns
    -------
    Path
        ``target``.
    """
    name = config.directorate_name(directorate)
    deadline = quarter.end_date + dt.timedelta(days=config.return_due_days)
    wb = Workbook()
    ins = wb.active
    ins.title = fmt.INSTRUCTIONS_SHEET
    instructions_sheet(ins, config, name, quarter, deadline)
    cover_sheet(wb, config, quarter, directorate)
    indicator_sheet(wb, catalogue, quarter, directorate, history)
    actions_sheet(wb, config, catalogue, quarter, directorate, history)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # a full disk never leaves half a workbook
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_templates(
    quarter: str | Quarter, config: CouncilConfig | str | Path | None = None, out_dir: Path | None = None
) -> list[Path]:
    """Write every directorate's return template for ``quarter``.

    Parameters
    ----------
    quarter : str or Quarter
    config : CouncilConfig or path, optional
    out_dir : Path, optional
        Where to write (default ``outputs/templates/<quarter>/``).

    Returns
    -------
    list of Path
    """
    quarter = Quarter.parse(quarter)
    if not isinstance(config, CouncilConfig):
        config = load_config(config) if config is not None else load_config()
    catalogue = load_catalogue(config)
    out_dir = out_dir or (config.outputs_dir / "templates" / quarter.slug)
    history = load_history(config, quarter)
    made = not out_dir.exists()
    try:
        return [
            write_template(config, catalogue, quarter, d.id, history, out_dir / d.return_file)
            for d in config.directorates
        ]
    except OSError:
        if made:  # nothing half-made is left behind
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
