"""The perflib command: exit codes and messages, never a traceback for bad input."""

import subprocess
import sys

import pytest

from perflib.cli import main


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
    proc = subprocess.run([sys.executable, "-m", "perflib", "validate", "--quarter", "2023-24 Q3",
                           "--config", str(fresh_fixture)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "beta.xlsx" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_bad_catalogue_exits_1_without_traceback(fresh_fixture):
    path = fresh_fixture.parent / "catalogue" / "targets.csv"
    path.write_text(path.read_text().replace("AA01,2023-24,90", "AA01,2023-24,ninety"))
    proc = subprocess.run([sys.executable, "-m", "perflib", "validate", "--quarter", "2023-24 Q3",
                           "--config", str(fresh_fixture)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "targets.csv" in proc.stderr and "Traceback" not in proc.stderr
