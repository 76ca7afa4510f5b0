"""The work of a run done in its side thread, while the report notebook runs in its kernel.

It needs only the processed data: it writes scorecard.csv, scorecard.xlsx and
data_quality.csv into the run's temporary folder, and imports the export
libraries (nbconvert, WeasyPrint) and the report module, so the export steps
that follow the report notebook do not wait for them
(:func:`perflib.workflow.speed.side_thread`).
"""

from __future__ import annotations

from pathlib import Path

from perflib.build.prepared import Prepared
from perflib.core.config import CouncilConfig
from perflib.core.quarters import Quarter
from perflib.workflow.outputs import RunFailed


def side_work(prepared: Prepared, config: CouncilConfig, q: Quarter, folder: Path) -> str:
    """The work of a run that needs only the processed data (in the side thread).

    Writes scorecard.csv, scorecard.xlsx and data_quality.csv, and imports the
    export libraries (nbconvert, WeasyPrint) and the report module, so the
    export steps that follow the report notebook do not wait for them.

    Returns
    -------
    str
        The document title.
    """
    from perflib.export.data_quality import write_data_quality_csv
    from perflib.export.pdf import load_weasyprint
    from perflib.export.scorecard import write_scorecard_csv
    from perflib.export.scorecard_xlsx import write_scorecard_xlsx
    from perflib.report.sections import Report

    try:
        load_weasyprint()  # loaded here, so the PDF step does not wait for it
    except RuntimeError as exc:
        raise RunFailed(f"{q.label}: {exc} (nothing was published)") from None
    write_scorecard_csv(prepared.scorecard, folder / "scorecard.csv", config)
    write_scorecard_xlsx(prepared.scorecard, folder / "scorecard.xlsx", config)
    write_data_quality_csv(prepared.problems, q.label, folder / "data_quality.csv")
    return Report(q, config, prepared=prepared).title
