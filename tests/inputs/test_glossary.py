"""The glossary of abbreviations: loaded in order, checked with located errors, found as whole words."""

from __future__ import annotations

import csv
import re

import pytest

from perflib.core import paths
from perflib.inputs.glossary import GlossaryError, abbreviations_in, load_glossary

GLOSSARY = {"EHC": "Education, Health and Care", "EHCP": "Education, Health and Care Plan", "PI": "x", "SEND": "y"}


def _file(tmp_path, text: str):
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_loaded_in_order_of_abbreviation(tmp_path):
    path = _file(
        tmp_path,
        'abbreviation,expansion\nSEND,special needs\nFOI, Freedom of Information \nEHC,"Education, Health and Care"\n',
    )
    assert list(load_glossary(path).items()) == [
        ("EHC", "Education, Health and Care"),
        ("FOI", "Freedom of Information"),
        ("SEND", "special needs"),
    ]


def test_a_repeat_and_a_blank_expansion_are_located(tmp_path):
    path = _file(tmp_path, "abbreviation,expansion\nPI,Performance Indicator\nFA,\nPI,indicator\n,orphan\n")
    with pytest.raises(GlossaryError) as exc:
        load_glossary(path)
    found = [(p.row, p.column, p.value, p.expected) for p in exc.value.problems]
    assert found == [
        (2, "abbreviation", "PI", "each abbreviation once"),
        (3, "expansion", "", "an expansion"),
        (4, "abbreviation", "PI", "each abbreviation once"),
        (5, "abbreviation", "", "an abbreviation without spaces"),
    ]
    assert all(p.file.endswith("glossary.csv") and p.severity == "error" for p in exc.value.problems)


def test_a_missing_column_or_file(tmp_path):
    with pytest.raises(GlossaryError) as exc:
        load_glossary(_file(tmp_path, "abbreviation,meaning\nPI,x\n"))
    assert [(p.column, p.expected) for p in exc.value.problems] == [("expansion", "this column to be present")]
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "nothing.csv")


def test_whole_words_in_their_own_case_in_order_of_first_use():
    text = "A Send button; the SEND team reviewed EHCPs and every PI. SEND again."
    assert abbreviations_in(text, GLOSSARY) == ["SEND", "EHCP", "PI"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SEND", ["SEND"]),
        ("Send", []),  # another case is another word
        ("send", []),
        ("SENDING", []),  # inside a longer word
        ("PIN", []),
        ("SPIN", []),
        ("API", []),
        ("PIs", ["PI"]),  # the plural is a use
        ("PI's", ["PI"]),
        ("(PI)", ["PI"]),
        ("SEND-related", ["SEND"]),  # a hyphen ends the word
        ("EHC plan", ["EHC"]),
        ("EHCP", ["EHCP"]),  # the longer abbreviation, not EHC inside it
        ("EHCPs and EHC", ["EHCP", "EHC"]),
        ("PI2", []),
        ("", []),
    ],
)
def test_boundaries(text, expected):
    assert abbreviations_in(text, GLOSSARY) == expected


def test_an_empty_glossary_finds_nothing():
    assert abbreviations_in("SEND", {}) == []


#: All-capital words in the sample catalogue that are not abbreviations to expand: none so far.
NOT_ABBREVIATIONS: set[str] = set()


def test_every_abbreviation_in_the_sample_catalogue_is_in_the_glossary():
    glossary = load_glossary()
    assert glossary == load_glossary(paths.GLOSSARY)
    words: set[str] = set()
    for name, columns in (("indicators.csv", ("title", "definition")), ("flagship_actions.csv", ("title",))):
        with open(paths.CATALOGUE_DIR / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in columns:
                    words |= set(re.findall(r"\b[A-Z][A-Z-]*[A-Z]\b", row[col]))
    assert words, "the catalogue's titles use abbreviations (FOI, NHS, CCTV)"
    assert words - NOT_ABBREVIATIONS - set(glossary) == set()
    assert {"FOI", "NHS", "CCTV", "GP"} <= words


def test_every_abbreviation_in_the_sample_returns_text_is_in_the_glossary():
    from openpyxl import load_workbook

    glossary = load_glossary()
    words: set[str] = set()
    for path in sorted((paths.DATA_DIR / "raw").glob("2023-24-Q3/*.xlsx")):
        for ws in load_workbook(path, read_only=True).worksheets:
            for row in ws.iter_rows(min_row=2, values_only=True):
                for cell in row:
                    if isinstance(cell, str):
                        words |= set(re.findall(r"\b[A-Z][A-Z-]*[A-Z]\b", cell))
    assert {"FOI", "NHS"} <= words  # commentary and Flagship Action updates use abbreviations
    assert words - set(glossary) == set()
