"""Issue scenarios on a copy of the bundled sample: a truncated workbook and a missing return."""

import shutil
import subprocess
import sys

import fixture_data
import pandas as pd
import pytest

from perflib.core.paths import PROJECT_ROOT
from perflib.workflow.run import run_quarter

pytestmark = pytest.mark.e2e
Q = "2023-24 Q3"


@pytest.fixture()
def sample_copy(tmp_path):
    """The sample's config, catalogue and returns, copied so they can be broken."""
    shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw")
    return fixture_data.sample_config(tmp_path, raw=tmp_path / "raw")


def _validate(config):
    return subprocess.run(
        [sys.executable, "-m", "perflib", "validate", "--quarter", Q, "--config", str(config)],
        capture_output=True,
        text=True,
    )


def test_sample_validates_clean(sample_copy):
    proc = _validate(sample_copy)
    assert proc.returncode == 0, proc.stdout
    assert "0 error(s)" in proc.stdout
    # the warnings are the comparator sources' (docs/methodology.md section 9): the overlapping DfE
    # releases and, per file, the figures they mark as missing; and one in the returns: NS07, a sensitive
    # count of 4 (published "<5"), whose commentary states the count (section 7: withheld until corrected)
    dq = pd.read_csv(sample_copy.parent / "outputs" / ".checks" / Q.replace(" ", "-") / "data_quality.csv")
    assert (dq["severity"] == "warning").all()
    returns = dq[~dq["file"].str.startswith("data/comparators/")]
    assert returns[["sheet", "column", "pi_code"]].values.tolist() == [["Indicators", "Commentary", "NS07"]]
    assert returns["file"].iloc[0].endswith("2023-24-Q3/people.xlsx") and returns["row"].iloc[0] == 4


def test_truncated_workbook(sample_copy, tmp_path):
    path = tmp_path / "raw" / "2023-24-Q3" / "place.xlsx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    proc = _validate(sample_copy)
    assert proc.returncode == 1
    assert "place.xlsx" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    dq = pd.read_csv(tmp_path / "outputs" / ".checks" / "2023-24-Q3" / "data_quality.csv")
    assert (dq["severity"].eq("error") & dq["file"].str.endswith("place.xlsx")).any()
    # the report still renders, with every PI, place's due PIs as No data
    result = run_quarter(Q, sample_copy, log=lambda _: None)
    card = pd.read_csv(result.folder / "scorecard.csv")
    catalogue = pd.read_csv(PROJECT_ROOT / "data" / "catalogue" / "indicators.csv")
    assert len(card) == len(catalogue)
    place = card[card["directorate_id"] == "place"]
    due = place[place["status"] != "Not due"]
    assert len(due) > 0 and (due["status"] == "No data").all()
    assert due["status_reason"].str.contains("could not be used").all()
    assert (result.folder / "data_quality.csv").exists()


def test_deleted_return_listed_as_missing(sample_copy, tmp_path):
    (tmp_path / "raw" / "2023-24-Q3" / "housing.xlsx").unlink()
    assert _validate(sample_copy).returncode == 0  # a missing return is a warning
    result = run_quarter(Q, sample_copy, log=lambda _: None)
    html = (result.folder / "appendix1.html").read_text(encoding="utf-8")
    assert "Housing (not received)" in html
    assert "No (not received)" in html
    card = pd.read_csv(result.folder / "scorecard.csv")
    housing = card[(card["directorate_id"] == "housing") & (card["status"] != "Not due")]
    assert (housing["status"] == "No data").all()
    assert (housing["status_reason"] == "return not received from Housing").all()
