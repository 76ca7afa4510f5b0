"""The perflib command: exit codes and messages, never a traceback for bad input."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from perflib.core.paths import PROJECT_ROOT
from perflib.core.quarters import Quarter
from perflib.workflow.cli import build_parser, main


def test_bad_quarter_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "--quarter", "Q3 2023"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "2023-24 Q3" in err and "Traceback" not in err


def test_validate_clean_fixture_exits_0(fixture_config, capsys):
    assert main(["validate", "--quarter", "2023-24 Q3", "--config", str(fixture_config)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_validate_truncated_file_exits_1_and_names_it(fresh_fixture):
    path = fresh_fixture.parent / "raw" / "2023-24-Q3" / "beta.xlsx"
    path.write_bytes(path.read_bytes()[:2000])
    proc = subprocess.run(
        [sys.executable, "-m", "perflib", "validate", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "beta.xlsx" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_bad_catalogue_exits_1_without_traceback(fresh_fixture):
    path = fresh_fixture.parent / "catalogue" / "targets.csv"
    path.write_text(path.read_text().replace("AA01,2023-24,90", "AA01,2023-24,ninety"))
    proc = subprocess.run(
        [sys.executable, "-m", "perflib", "validate", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "targets.csv" in proc.stderr and "Traceback" not in proc.stderr


# ----------------------------------------------------------------- the workflow commands (issue 7)
COMMANDS = ("new-quarter", "validate", "run", "list", "verify", "templates")
QUARTER_COMMANDS = ("new-quarter", "validate", "run", "verify", "templates")


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", out, re.M), name
    assert "2023-24 Q3" in out and "exit codes" in out


def test_python_m_perflib_and_the_perflib_script_are_the_same_command():
    script = Path(sys.executable).parent / "perflib"
    for cmd in ([sys.executable, "-m", "perflib", "--help"], [str(script), "--help"]):
        proc = subprocess.run(cmd, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert all(name in proc.stdout for name in COMMANDS)


@pytest.mark.parametrize("command", QUARTER_COMMANDS)
def test_every_command_rejects_a_badly_written_quarter(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--quarter", "Q3 2023"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert '"2023-24 Q3", "2023/24 Q3" or "2023-24-Q3"' in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["2023-24 Q3", "2023/24 Q3", "2023-24-Q3"])
def test_the_three_written_forms_are_the_same_quarter(text):
    assert build_parser().parse_args(["verify", "--quarter", text]).quarter == Quarter(2023, 3)


@pytest.mark.parametrize("args", [["run"], ["run", "--all", "--quarter", "2023-24 Q3"]])
def test_run_needs_a_quarter_or_all_but_not_both(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "--quarter" in capsys.readouterr().err


def test_make_report_calls_the_same_command():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r'^\s*\$\(BIN\)/python -m perflib run --quarter "\$\(QUARTER\)"\s*$', makefile, re.M)


def test_new_quarter_makes_the_returns_folder_and_templates(fresh_fixture, capsys):
    root = fresh_fixture.parent
    assert main(["new-quarter", "--quarter", "2024/25 Q1", "--config", str(fresh_fixture)]) == 0
    out = capsys.readouterr().out
    folder = root / "raw" / "2024-25-Q1"
    assert folder.is_dir() and not any(folder.iterdir())
    templates = root / "outputs" / "templates" / "2024-25-Q1"
    assert sorted(p.name for p in templates.iterdir()) == ["alpha.xlsx", "beta.xlsx", "narrative.xlsx"]
    assert str(folder) in out and str(templates) in out
    assert 'perflib validate --quarter "2024-25 Q1"' in out

    # a second time: returns already in the folder are left exactly as they are
    (folder / "alpha.xlsx").write_bytes(b"returned")
    assert main(["new-quarter", "--quarter", "2024-25 Q1", "--config", str(fresh_fixture)]) == 0
    assert "already exists (1 file(s)); nothing in it was changed" in capsys.readouterr().out
    assert (folder / "alpha.xlsx").read_bytes() == b"returned"


def test_list_shows_returns_and_no_reports(fresh_fixture, capsys):
    (fresh_fixture.parent / "raw" / "2024-25-Q1").mkdir()
    assert main(["list", "--config", str(fresh_fixture)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["quarter", "returns", "narrative", "report"]
    rows = {ln[:10]: ln for ln in lines[1:]}
    assert list(rows) == [
        "2022-23 Q3",
        "2022-23 Q4",
        "2023-24 Q1",
        "2023-24 Q2",
        "2023-24 Q3",
        "2023-24 Q4",
        "2024-25 Q1",
        "",
        "2 quarter(",
    ]
    assert re.search(r"2 received, 0 missing\s+yes\s+none$", rows["2023-24 Q3"])
    assert re.search(r"0 received, 2 missing\s+no\s+none$", rows["2024-25 Q1"])
    # no 2022-23 Q4 or 2023-24 Q4 returns: gaps, named (the empty 2024-25 Q1 folder is the quarter to come)
    for gap in ("2022-23 Q4", "2023-24 Q4"):
        assert re.search(r"no returns folder\s+-\s+none  \(no returns at all\)$", rows[gap])
    assert lines[-1] == "2 quarter(s) between the first and the latest have no returns at all: 2022-23 Q4, 2023-24 Q4."


def test_run_all_skips_quarters_whose_returns_folder_is_empty(fresh_fixture):
    from perflib.core.config import load_config
    from perflib.workflow.run_all import quarters_to_run

    (fresh_fixture.parent / "raw" / "2024-25-Q1").mkdir()
    have, empty = quarters_to_run(load_config(fresh_fixture))
    assert [q.label for q in have] == ["2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3"]
    assert [q.label for q in empty] == ["2024-25 Q1"]


def test_run_all_with_nothing_to_build_says_so(fresh_fixture, capsys):
    import shutil

    shutil.rmtree(fresh_fixture.parent / "raw")
    assert main(["run", "--all", "--config", str(fresh_fixture)]) == 0
    assert "no quarter has returns" in capsys.readouterr().out


# ----------------------------------------------------------------- issue 15: a quarter that checks itself
def test_validate_a_quarter_with_no_returns_folder_exits_1_and_creates_nothing(fresh_fixture, capsys):
    root = fresh_fixture.parent
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert main(["validate", "--quarter", "2029-30 Q1", "--config", str(fresh_fixture)]) == 1
    err = capsys.readouterr().err
    assert "2029-30 Q1: there is no returns folder" in err and 'perflib new-quarter --quarter "2029-30 Q1"' in err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert main(["run", "--quarter", "2029-30 Q1", "--config", str(fresh_fixture)]) == 1
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_validate_names_the_quarters_before_it_with_no_returns(fresh_fixture, capsys):
    assert main(["validate", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)]) == 0
    assert "Quarters before 2023-24 Q3 with no returns at all: 2022-23 Q4." in capsys.readouterr().out


def test_quarters_without_returns_counts_empty_folders_and_stops_before_the_quarter(fresh_fixture):
    from perflib.core.config import load_config
    from perflib.inputs.returns import quarters_without_returns

    config = load_config(fresh_fixture)
    (fresh_fixture.parent / "raw" / "2023-24-Q4").mkdir()  # an empty folder is no returns
    (fresh_fixture.parent / "raw" / "2024-25-Q1").mkdir()
    assert [q.label for q in quarters_without_returns(config)] == ["2022-23 Q4", "2023-24 Q4"]
    assert [q.label for q in quarters_without_returns(config, Quarter.parse("2023-24 Q2"))] == ["2022-23 Q4"]
    assert [q.label for q in quarters_without_returns(config, Quarter.parse("2022-23 Q3"))] == []


@pytest.mark.parametrize(
    "state,allow,code",
    [("", False, 0), ("errors", False, 1), ("errors", True, 0), ("unusable", False, 1), ("unusable", True, 1)],
)
def test_run_exit_code_from_the_data(state, allow, code, capsys):
    from perflib.workflow.commands import _data_exit

    assert _data_exit("2023-24 Q3", state, allow) == code
    err = capsys.readouterr().err
    assert ("exit code 1" in err) == (code == 1)


def test_data_state_of_a_run():
    from perflib.build.quality import Quality
    from perflib.workflow.run_all import data_state

    def quality(received: int, errors: int) -> Quality:
        return Quality(received, 4, (), (), errors, 3)

    assert data_state(None) == ""
    assert data_state(quality(4, 0)) == ""  # warnings alone are fine
    assert data_state(quality(3, 2)) == "errors"
    assert data_state(quality(0, 4)) == "unusable"
    assert data_state(quality(0, 0)) == "unusable"  # nothing received: every PI is "No data"


def test_exit_codes_are_the_same_in_readme_help_and_code(capsys):
    from perflib.workflow.cli import EXIT_CODES

    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    readme = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert set(EXIT_CODES) == {0, 1, 2}
    for code, meaning in EXIT_CODES.items():
        assert f"{code} {meaning}" in help_text, code
        assert f"{code} {meaning}" in readme, code


@pytest.mark.parametrize(
    "errors,received,extra,code",
    [(0, 2, [], 0), (2, 2, [], 1), (2, 2, ["--allow-errors"], 0), (2, 0, ["--allow-errors"], 1)],
)
def test_run_exit_code_follows_the_returns(fresh_fixture, monkeypatch, capsys, errors, received, extra, code):
    # run_quarter stands in for a built report whose returns had these errors (the run itself is tested in e2e)
    from perflib.build.quality import Quality
    from perflib.workflow import commands
    from perflib.workflow.run import RunResult

    def built(quarter, config, **kwargs):
        return RunResult(quarter, fresh_fixture.parent, {}, {}, "", Quality(received, 2, (), (), errors, 0))

    monkeypatch.setattr(commands, "run_quarter", built)
    assert main(["run", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture), *extra]) == code
    err = capsys.readouterr().err
    assert ("no return could be used" in err) == (received == 0)


def test_a_full_disk_during_new_quarter_leaves_nothing_half_made(fresh_fixture, capsys, monkeypatch):
    import errno

    from openpyxl import Workbook

    from perflib.core.config import load_config
    from perflib.core.quarters import Quarter

    real_save, calls = Workbook.save, []

    def full_after_one(self, filename):
        calls.append(filename)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(filename))
        real_save(self, filename)

    monkeypatch.setattr(Workbook, "save", full_after_one)
    q = Quarter.parse("2024-25 Q1")
    assert main(["new-quarter", "--quarter", q.label, "--config", str(fresh_fixture)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("perflib: cannot write ")
    assert "No space left on device (check that the folder can be written and the disk has space)" in err[0]
    config = load_config(fresh_fixture)
    assert not config.raw_quarter_dir(q).exists()
    assert not (config.outputs_dir / "templates" / q.slug).exists()


def test_a_read_only_outputs_folder_is_one_line(fresh_fixture, capsys, monkeypatch):
    import errno

    from perflib.workflow import outputs

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(outputs, "_try_lock", denied)
    assert main(["run", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("perflib: cannot write ") and ".lock-2023-24-Q3" in err[0]
