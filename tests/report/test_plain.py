"""Files are named by their name and return in the report, never by their path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from perflib.report.plain import file_name, plain_paths, where

NAMES = {"place": "Place", "people": "People"}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("data/raw/2023-24-Q3/place.xlsx", "place.xlsx"),
        ("/srv/council/data/raw/2023-24-Q3/people.xlsx", "people.xlsx"),
        ("place.xlsx", "place.xlsx"),
        ("C:\\returns\\housing.xlsx", "housing.xlsx"),
        (None, ""),
        (np.nan, ""),
    ],
)
def test_file_name_is_the_last_part(path, name):
    assert file_name(path) == name


def test_plain_paths_keeps_only_file_names():
    text = (
        "releases overlap: 136 row(s) for NS08 are in both data/comparators/sen2_mi_2023.csv and "
        "/work/x/data/comparators/sen2_mi_2024.csv; see docs/methodology.md"
    )
    assert plain_paths(text) == (
        "releases overlap: 136 row(s) for NS08 are in both sen2_mi_2023.csv and sen2_mi_2024.csv; see methodology.md"
    )


def test_plain_paths_leaves_web_addresses_numbers_and_plain_words():
    for text in ("see https://example.invalid/a/b.html", "8.0% to 12.0%", "2023-24 Q3", "a/b testing", ""):
        assert plain_paths(text) == text
    assert plain_paths(None) == ""


def test_where_names_the_return_by_directorate_and_file_name():
    got = where("data/raw/2023-24-Q3/place.xlsx", "Indicators", 7, "Value", "place", NAMES)
    assert got == "Place return (place.xlsx), Indicators sheet, row 7, Value"


@pytest.mark.parametrize("row", [None, np.nan, pd.NA])
def test_where_leaves_out_what_is_missing(row):
    assert where("data/comparators/quarterly.csv", "", row, "", "", NAMES) == "quarterly.csv"
    assert where("data/raw/q/people.xlsx", float("nan"), row, np.nan, "people", NAMES) == "People return (people.xlsx)"


def test_where_without_a_known_directorate_gives_the_file_name():
    assert (
        where("data/raw/q/narrative.xlsx", "Narrative", 3, "", "narrative", NAMES)
        == "narrative.xlsx, Narrative sheet, row 3"
    )
