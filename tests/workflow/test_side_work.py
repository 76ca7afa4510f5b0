"""The side thread's work: the tables of the quarter written, and the report's title for the export."""

import fixture_data

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.report.sections import Report
from perflib.workflow.side_work import side_work


def test_the_side_work_writes_the_tables_and_gives_the_title(prepared, fixture_config, tmp_path):
    config = load_config(fixture_config)
    q = Quarter.parse(fixture_data.REPORT_QUARTER)
    title = side_work(prepared, config, q, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data_quality.csv", "scorecard.csv", "scorecard.xlsx"]
    assert title and title == Report(q, config, prepared=prepared).title
