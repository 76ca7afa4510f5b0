"""Reading a return file: every file-system oddity a located problem, before a sheet is read."""

import os
import time

import fixture_data
import pytest

from perflib.inputs import layout as fmt
from perflib.inputs import workbook
from perflib.inputs.workbook import FileProblem
from perflib.inputs.xlsx_reader import read_xlsx

Q3 = "2023-24 Q3"
ALPHA = fixture_data.RETURNS[Q3]["alpha"]


def _valid(path):
    fixture_data.write_return(path, "alpha", Q3, ALPHA, [])
    return path


def _problem(call):
    with pytest.raises(FileProblem) as caught:
        call()
    return caught.value.problem


def test_a_folder_named_like_a_return_is_a_located_problem(tmp_path):
    (tmp_path / "alpha.xlsx").mkdir()
    p = _problem(lambda: read_xlsx(tmp_path / "alpha.xlsx", "alpha.xlsx", "alpha"))
    assert (p.severity, p.file, p.message) == ("error", "alpha.xlsx", "this is a folder, not a file; it was not read")


def test_a_named_pipe_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "alpha.xlsx")
    t0 = time.monotonic()
    p = _problem(lambda: read_xlsx(tmp_path / "alpha.xlsx", "alpha.xlsx", "alpha"))
    assert time.monotonic() - t0 < 5
    assert p.message == "this is not a regular file (a pipe, socket or device); it was not opened"


def test_an_unreadable_file_is_a_located_problem(tmp_path, monkeypatch):
    path = _valid(tmp_path / "alpha.xlsx")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(workbook, "open", denied, raising=False)
    p = _problem(lambda: read_xlsx(path, "alpha.xlsx", "alpha"))
    assert p.message == "the file cannot be read (Permission denied)"


def test_a_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    path = _valid(tmp_path / "alpha.xlsx")
    monkeypatch.setattr(fmt, "MAX_FILE_BYTES", 1024 * 1024)
    path.write_bytes(path.read_bytes() + b"\0" * (2 * 1024 * 1024))
    p = _problem(lambda: read_xlsx(path, "alpha.xlsx", "alpha"))
    assert p.message.startswith("the file is 2.0 MB, over the limit of 1 MB")
