"""The story the workflow tests check: a quarter's life on the fixture council, with hostile data.

One module fixture plays a quarter's life on the fixture council, with hostile
text planted in the returns (a ``<script>`` in commentary and narrative, cells
beginning with ``=``, ``+``, ``-`` and ``@``):

1. a good run of 2023-24 Q3 (in-process),
2. a run that fails (a broken catalogue), which must leave that report alone,
3. a run started with ``python -m perflib run`` and killed with SIGKILL while
   its notebooks execute, which must leave that report alone too,
4. ``python -m perflib run --all`` with the network blocked in every process
   (including the notebook kernels), which must clean up after the killed
   run, build all four quarters, and reproduce step 1 byte for byte.

The tests in this folder check what each step left behind (fixture ``story`` in conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import fixture_data
import pytest
from openpyxl import load_workbook

from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.workflow.cli import main
from perflib.workflow.outputs import RunFailed
from perflib.workflow.run import run_quarter

Q = Quarter.parse(fixture_data.REPORT_QUARTER)
SCRIPT = "<script>alert(1)</script>"
NARRATIVE_SCRIPT = "<script>alert(2)</script> opened"
HYPERLINK = '=HYPERLINK("http://x","y")'
AT_FORMULA = "@SUM(1+1)"
PLUS_FORMULA = "+cmd|' /C calc'!A0"
MINUS_FORMULA = "-2+3 more crews"
REPRODUCIBLE = ("appendix1.html", "appendix1.pdf", "scorecard.csv", "scorecard.xlsx", "data_quality.csv")
NET_GUARD = textwrap.dedent('''\
    """Test guard: any process started with this on its path may not reach the network."""
    import os
    import socket

    _DIR = os.environ["PERFLIB_NET_GUARD"]
    open(os.path.join(_DIR, "loaded-%d" % os.getpid()), "w").close()


    def _local(host):
        return host in (None, "", "localhost", "0.0.0.0", "::1") or str(host).startswith("127.")


    def _refuse(what):
        with open(os.path.join(_DIR, "attempts.txt"), "a") as fh:
            fh.write("%d %s\\n" % (os.getpid(), what))
        raise OSError("network access blocked by the test: %s" % what)


    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


    def connect(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not _local(address[0]):
            _refuse("connect %r" % (address,))
        return _connect(self, address)


    def connect_ex(self, address):
        if self.family != getattr(socket, "AF_UNIX", None) and not _local(address[0]):
            _refuse("connect_ex %r" % (address,))
        return _connect_ex(self, address)


    def getaddrinfo(host, *args, **kwargs):
        if not _local(host if not isinstance(host, bytes) else host.decode()):
            _refuse("getaddrinfo %r" % (host,))
        return _getaddrinfo(host, *args, **kwargs)


    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
    ''')


# ----------------------------------------------------------------- helpers
def _set_text(path: Path, sheet: str, key: str, column: str, text: str) -> None:
    """Put ``text`` in a return's cell as text (never a formula), in the row whose first cell is ``key``."""
    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    col = header.index(column) + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            cell = ws.cell(row=row[0].row, column=col)
            cell.value = text
            cell.data_type = "s"
            break
    else:
        raise AssertionError(f"{key} not in {path.name}")
    wb.save(path)


def _plant_hostile_text(root: Path) -> None:
    folder = root / "raw" / Q.slug
    cols = fmt.INDICATOR_COLUMNS
    _set_text(folder / "alpha.xlsx", fmt.INDICATORS_SHEET, "AA03", cols["commentary"], SCRIPT)  # AA03 is Red
    _set_text(folder / "alpha.xlsx", fmt.INDICATORS_SHEET, "AA03", cols["corrective_action"], HYPERLINK)
    _set_text(folder / "alpha.xlsx", fmt.INDICATORS_SHEET, "AA05", cols["value"], "=1/0")  # rejected value
    _set_text(folder / "beta.xlsx", fmt.INDICATORS_SHEET, "BB05", cols["commentary"], AT_FORMULA)
    _set_text(folder / "beta.xlsx", fmt.INDICATORS_SHEET, "BB05", cols["corrective_action"], PLUS_FORMULA)
    _set_text(folder / "beta.xlsx", fmt.INDICATORS_SHEET, "BB03", cols["corrective_action"], MINUS_FORMULA)
    _set_text(
        folder / fmt.NARRATIVE_FILE, fmt.NARRATIVE_SHEET, "residents", fmt.NARRATIVE_COLUMNS["text"], NARRATIVE_SCRIPT
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def _leftovers(outputs: Path) -> list[str]:
    return sorted(p.name for p in outputs.iterdir() if p.name.startswith((".tmp-", ".old-")))


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _kernels_of(pid: int) -> list[str]:
    """Command lines of live Jupyter kernels started by process ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid and "ipykernel" in cmd:
            found.append(cmd)
    return found


# ----------------------------------------------------------------- the story
def play(tmp_path_factory):
    """Play the quarter's life (see the module docstring); what each step left behind, for the tests."""
    root = tmp_path_factory.mktemp("workflow")
    config_path = fixture_data.build(root)
    _plant_hostile_text(root)
    config = load_config(config_path)
    outputs = config.outputs_dir
    final = config.output_quarter_dir(Q)
    processed = config.processed_quarter_dir(Q)
    s: dict = {"root": root, "config_path": config_path, "config": config, "final": final}

    # 1. a good run
    lines: list[str] = []
    s["result_a"] = run_quarter(Q, config_path, log=lines.append)
    s["lines_a"] = lines
    s["a"] = _snapshot(final)
    s["processed_a"] = _snapshot(processed)

    # 2. a failed run (a broken target): the report above must be kept byte for byte
    targets = root / "catalogue" / "targets.csv"
    good_targets = targets.read_bytes()
    targets.write_text(good_targets.decode().replace("AA01,2023-24,90", "AA01,2023-24,ninety"))
    with pytest.raises(RunFailed) as info:
        run_quarter(Q, config_path, log=lambda _: None)
    s["failure"] = str(info.value)
    s["kernels_after_failure"] = _kernels_of(os.getpid())
    s["after_failure"] = _snapshot(final)
    s["failed_dir"] = sorted(p.name for p in (final / "failed").iterdir())
    s["leftovers_after_failure"] = _leftovers(outputs)
    s["list_after_failure"] = _cli("list", "--config", str(config_path))
    targets.write_bytes(good_targets)

    # 3. a run killed outright while its notebooks execute
    proc = subprocess.Popen(
        [sys.executable, "-m", "perflib", "run", "--quarter", Q.label, "--config", str(config_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    tmp = outputs / f".tmp-{Q.slug}-{proc.pid}"
    try:
        # (the prepare notebook is skipped here: step 1 left current processed data)
        _wait_for(
            lambda: (tmp / "prepare.ipynb").exists() or (tmp / "appendix1.ipynb").exists() or proc.poll() is not None,
            120,
            "the killed run's first notebook to start",
        )
        s["killed_while_running"] = proc.poll() is None
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # anything else this test started
    s["kill_returncode"] = proc.returncode
    s["leftovers_after_kill"] = _leftovers(outputs)
    s["after_kill"] = _snapshot(final)

    # 4. run --all, offline: cleans up, builds every quarter, reproduces step 1
    guard = root / "netguard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NET_GUARD, encoding="utf-8")
    env = dict(
        os.environ,
        PERFLIB_NET_GUARD=str(guard),
        PYTHONPATH=os.pathsep.join(filter(None, [str(guard), os.environ.get("PYTHONPATH")])),
    )
    t0 = time.monotonic()
    # --rebuild: every quarter's data is made again, in the workers' own processes, and must come out
    # byte for byte as step 1's notebook run made it. The hostile text planted above makes data errors
    # in two quarters: --allow-errors says they are expected, so the exit code is about the run alone.
    done = subprocess.run(
        [sys.executable, "-m", "perflib", "run", "--all", "--rebuild", "--allow-errors", "--config", str(config_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    s["all_seconds"] = time.monotonic() - t0
    s["all"] = done
    s["guard"] = guard
    s["b"] = _snapshot(final) if final.is_dir() else {}
    s["processed_b"] = _snapshot(processed)
    s["leftovers_after_all"] = _leftovers(outputs)
    s["manifests_after_all"] = {
        q: json.loads((config.output_quarter_dir(Quarter.parse(q)) / "manifest.json").read_text(encoding="utf-8"))
        for q in ("2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3")
    }

    # 5. the same quarter again, nothing changed: the processed data is reused
    lines = []
    run_quarter(Q, config_path, log=lines.append)
    s["lines_again"] = lines
    s["manifest_again"] = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    s["again"] = _snapshot(final)
    return s
