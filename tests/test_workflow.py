"""The analyst's workflow end to end: safe reruns, provenance, reproducibility, no surprises from data.

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

The tests below check what each step left behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import fixture_data
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from perflib.build.prepared import PROCESSED_FILES
from perflib.core.config import load_config
from perflib.core.hashing import file_key, sha256_file
from perflib.core.paths import PROJECT_ROOT
from perflib.core.quarters import Quarter
from perflib.inputs import layout as fmt
from perflib.workflow import manifest as mf
from perflib.workflow.cli import main
from perflib.workflow.outputs import RunFailed, clean_stale, quarter_lock
from perflib.workflow.run import run_quarter
from perflib.workflow.run_inputs import hash_inputs

pytestmark = pytest.mark.e2e

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
@pytest.fixture(scope="module")
def story(tmp_path_factory):
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
    # byte for byte as step 1's notebook run made it.
    done = subprocess.run(
        [sys.executable, "-m", "perflib", "run", "--all", "--rebuild", "--config", str(config_path)],
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


# ----------------------------------------------------------------- 1. command line and summary
def test_run_prints_a_data_quality_summary_before_building(story):
    lines = story["lines_a"]
    summary = [i for i, ln in enumerate(lines) if "data quality:" in ln]
    assert len(summary) == 1
    line = lines[summary[0]]
    assert line.startswith("2023-24 Q3: returns received 2 of 2")
    assert "1 error," in line and "data_quality.csv" in line  # the rejected "=1/0"
    later = [ln for ln in lines[summary[0] :] if "02_appendix1" in ln or "exporting" in ln]
    assert later and all(lines.index(ln) > summary[0] for ln in later)
    assert story["result_a"].summary == line


def test_run_all_builds_every_quarter_with_progress(story):
    done = story["all"]
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert (
        "building 4 quarters (2022-23 Q3 to 2023-24 Q3), 2 at a time" in out
        or "building 4 quarters (2022-23 Q3 to 2023-24 Q3), 1 at a time" in out
    )
    for i, label in enumerate(["2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3"], start=1):
        # --rebuild: each worker makes the data itself (the prepare notebook's function), then runs the report
        for step in (
            "preparing the data in this process (what 01_prepare.ipynb does)",
            "returns received",
            "running 02_appendix1.ipynb",
            "exporting HTML",
            "exporting PDF",
            "done; outputs in",
        ):
            assert re.search(rf"^\[{i}/4\] {re.escape(label)}: {re.escape(step)}", out, re.M), (label, step)
        manifest = story["manifests_after_all"][label]
        assert manifest["parameters"]["processed_data"] == "rebuilt in the run's process (run --all)"
    assert "running 01_prepare.ipynb" not in out
    assert re.search(r"^4 of 4 built, 0 failed, in \d+m \d\ds$", out, re.M)


# ----------------------------------------------------------------- 2. safe outputs
def test_failed_run_keeps_the_report_and_says_where_in_one_line(story):
    message = story["failure"]
    assert "\n" not in message
    assert re.match(
        r"2023-24 Q3: 01_prepare\.ipynb failed in code cell \d+ \(from perflib\.workflow\.cache import prepare\): "
        r"CatalogueError: .*targets\.csv",
        message,
    ), message
    assert "failed/prepare.ipynb" in message
    assert story["after_failure"] == story["a"]  # byte for byte
    assert story["failed_dir"] == ["prepare.ipynb"]  # the notebook, never exported
    assert story["kernels_after_failure"] == []  # the prepare kernel, and the report's started early, stopped
    assert story["leftovers_after_failure"] == []


def test_list_shows_a_failed_run_and_the_kept_report(story):
    code, out = story["list_after_failure"]
    assert code == 0
    row = next(ln for ln in out.splitlines() if ln.startswith("2023-24 Q3"))
    assert "2 received, 0 missing" in row and "failed (previous report kept, stale)" in row


def test_killed_run_leaves_the_report_and_the_next_run_cleans_up(story):
    assert story["killed_while_running"], "the run finished before it could be killed"
    assert story["kill_returncode"] == -signal.SIGKILL
    assert any(name.startswith(f".tmp-{Q.slug}-") for name in story["leftovers_after_kill"])
    assert story["after_kill"] == story["a"]
    assert story["leftovers_after_all"] == []
    assert "left by an interrupted run" in story["all"].stdout
    assert not (story["final"] / "failed").exists()  # the good run replaced the folder


def test_stale_leftovers_of_dead_processes_are_tidied(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    outputs = tmp_path / "outputs"
    (outputs / "2023-24-Q1").mkdir(parents=True)
    (outputs / f".tmp-2023-24-Q3-{dead.pid}").mkdir()
    (outputs / f".old-2023-24-Q1-{dead.pid}").mkdir()  # the published folder exists
    (outputs / f".old-2023-24-Q2-{dead.pid}").mkdir()  # killed mid-swap: put it back
    (outputs / f".old-2023-24-Q2-{dead.pid}" / "appendix1.html").write_text("good")
    alive = outputs / f".tmp-2023-24-Q4-{os.getppid()}"  # a live process: leave it
    alive.mkdir()
    notes = clean_stale(outputs)
    assert sorted(p.name for p in outputs.iterdir() if not p.name.startswith(".lock-")) == sorted(
        ["2023-24-Q1", "2023-24-Q2", alive.name]
    )
    assert (outputs / "2023-24-Q2" / "appendix1.html").read_text() == "good"
    assert len(notes) == 3 and any("put back" in n for n in notes)


def test_one_run_of_a_quarter_at_a_time(tmp_path):
    with quarter_lock(tmp_path, Q):
        with pytest.raises(RunFailed, match="another run of this quarter is in progress"):
            with quarter_lock(tmp_path, Q, wait_seconds=0.2):
                pass
    with quarter_lock(tmp_path, Q, wait_seconds=0.2):  # released afterwards
        pass


# ----------------------------------------------------------------- 3. provenance
def test_manifest_records_parameters_code_versions_and_every_input(story):
    config = story["config"]
    data = json.loads((story["final"] / "manifest.json").read_text())
    assert data["quarter"] == "2023-24 Q3"
    assert data["parameters"]["notebook_parameters"] == {
        "quarter": "2023-24 Q3",
        "config": str(story["config_path"].resolve()),
    }
    assert data["parameters"]["kernel"] == "perflib"
    git = data["code"]["git"]
    assert git["available"] is True and re.fullmatch(r"[0-9a-f]{40}", git["commit"])
    assert isinstance(git["dirty"], bool)
    assert data["code"]["perflib"]
    assert data["python"]["version"] == ".".join(map(str, sys.version_info[:3]))
    for lib in (
        "pandas",
        "numpy",
        "papermill",
        "nbconvert",
        "nbclient",
        "weasyprint",
        "matplotlib",
        "seaborn",
        "openpyxl",
        "pyarrow",
        "pandera",
        "jinja2",
    ):
        assert data["dependencies"][lib], lib
    root = story["root"]
    expected = {
        root / "council.yml",
        PROJECT_ROOT / "data" / "methodology.yml",
        PROJECT_ROOT / "notebooks" / "01_prepare.ipynb",
        PROJECT_ROOT / "notebooks" / "02_appendix1.ipynb",
    }
    expected |= set((root / "catalogue").glob("*.csv"))
    expected |= {p for p in (root / "raw").rglob("*") if p.is_file()}
    assert set(data["inputs"]) == {file_key(p) for p in expected}
    for key, digest in data["inputs"].items():
        path = Path(key) if key.startswith("/") else PROJECT_ROOT / key
        assert sha256_file(path) == digest, key
    assert set(data["outputs"]) == {
        "appendix1.html",
        "appendix1.ipynb",
        "appendix1.pdf",
        "scorecard.csv",
        "scorecard.xlsx",
        "data_quality.csv",
    }
    assert sorted(Path(k).stem for k in data["processed"]) == sorted(PROCESSED_FILES)
    assert data["run"]["started_utc"]
    assert config.output_quarter_dir(Q) == story["final"]


def test_git_unavailable_or_not_a_repo_is_said_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert mf.git_info(tmp_path) == {"available": False, "reason": "not a git repository"}
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the path
    assert mf.git_info() == {"available": False, "reason": "git is not installed"}
    manifest = mf.build_manifest(Q, load_config(fixture_data.build(tmp_path / "c")), {}, {}, {})
    assert manifest["code"]["git"]["available"] is False


def test_verify_says_current_then_names_what_changed(story, capsys):
    cfg = str(story["config_path"])
    assert main(["verify", "--quarter", "2023/24 Q3", "--config", cfg]) == 0
    assert "the report is current" in capsys.readouterr().out
    root = story["root"]
    history = root / "raw" / "2023-24-Q2" / "beta.xlsx"  # history feeds the trends
    extra = root / "raw" / Q.slug / "late_note.xlsx"
    narrative = root / "raw" / Q.slug / fmt.NARRATIVE_FILE
    saved = {p: p.read_bytes() for p in (history, narrative)}
    try:
        history.write_bytes(saved[history] + b"\0")
        extra.write_bytes(b"PK")
        narrative.unlink()
        assert main(["verify", "--quarter", "2023-24-Q3", "--config", cfg]) == 1
        out = capsys.readouterr().out
        assert "STALE" in out
        assert re.search(r"changed:\s+\S*raw/2023-24-Q2/beta\.xlsx", out)
        assert re.search(r"added:\s+\S*raw/2023-24-Q3/late_note\.xlsx", out)
        assert re.search(r"removed:\s+\S*raw/2023-24-Q3/narrative\.xlsx", out)
        assert 'perflib run --quarter "2023-24 Q3"' in out
        code, listing = _cli("list", "--config", cfg)
        states = {ln[:10]: ln.split()[-1] for ln in listing.splitlines()[1:]}
        assert states == {
            "2022-23 Q3": "current",
            "2023-24 Q1": "current",
            "2023-24 Q2": "stale",
            "2023-24 Q3": "stale",
        }
    finally:
        extra.unlink(missing_ok=True)
        for p, data in saved.items():
            p.write_bytes(data)
    assert main(["verify", "--quarter", "2023-24 Q3", "--config", cfg]) == 0
    capsys.readouterr()


def test_verify_without_a_manifest_exits_1(fresh_fixture, capsys):
    assert main(["verify", "--quarter", "2023-24 Q3", "--config", str(fresh_fixture)]) == 1
    assert "no report yet" in capsys.readouterr().out


# ----------------------------------------------------------------- 4. reproducible
def test_an_unchanged_quarter_reuses_its_processed_data(story):
    lines = story["lines_again"]
    assert (
        "2023-24 Q3: processed data is current (inputs and code unchanged); reusing it instead of running "
        "01_prepare.ipynb" in lines
    )
    assert not any(ln.endswith(": running 01_prepare.ipynb") for ln in lines)
    assert story["manifest_again"]["parameters"]["processed_data"] == "reused (inputs and code unchanged)"
    for name in REPRODUCIBLE:  # and the report is the same, byte for byte
        assert story["again"][name] == story["a"][name], name


def test_same_inputs_give_byte_identical_outputs(story):
    a, b = story["a"], story["b"]
    for name in REPRODUCIBLE:
        assert a[name] == b[name], f"{name} differs between two runs"
    assert story["processed_a"] == story["processed_b"]
    ma, mb = (json.loads(x["manifest.json"]) for x in (a, b))
    assert ma["inputs"] == mb["inputs"]
    for name in REPRODUCIBLE:
        assert ma["outputs"][name] == mb["outputs"][name]


def test_report_notebook_runs_as_on_a_fresh_kernel(story):
    # The report's kernel is started early and warmed with an import; the notebook must not see it.
    nb = json.loads((story["final"] / "appendix1.ipynb").read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))
    streams = [
        o
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
        if o["output_type"] in ("stream", "error")
    ]
    assert streams == []


def test_pdf_dates_and_id_come_from_the_report_not_the_clock(story):
    reader = PdfReader(story["final"] / "appendix1.pdf")
    assert reader.metadata["/CreationDate"] == "D:20231231"  # the day the quarter's figures are as at
    assert reader.metadata["/ModDate"] == "D:20231231"
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and all(len(bytes(i, "latin-1") if isinstance(i, str) else bytes(i)) for i in ids)


# ----------------------------------------------------------------- 5. no surprises from data
def test_commentary_and_narrative_are_escaped_in_the_html(story):
    html = story["b"]["appendix1.html"].decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # Red PI commentary, shown as text
    assert "&lt;script&gt;alert(2)&lt;/script&gt; opened" in html  # the analyst's narrative
    pdf_text = "".join(p.extract_text() for p in PdfReader(story["final"] / "appendix1.pdf").pages)
    assert "alert(1)" in pdf_text  # printed, not run


def test_formula_text_is_neutralised_in_the_csvs_and_xlsx(story):
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(story["b"]["scorecard.csv"].decode()))}
    assert rows["AA03"]["corrective_action"] == "'" + HYPERLINK
    assert rows["AA03"]["commentary"] == SCRIPT
    assert rows["BB05"]["commentary"] == "'" + AT_FORMULA
    assert rows["BB05"]["corrective_action"] == "'" + PLUS_FORMULA
    assert rows["BB03"]["corrective_action"] == "'" + MINUS_FORMULA
    for row in rows.values():
        for value in row.values():
            assert value[:1] not in ("=", "+", "@") and not re.match(r"-[^\d]", value), value
    dq = list(csv.DictReader(io.StringIO(story["b"]["data_quality.csv"].decode())))
    assert any(r["value"] == "'=1/0" for r in dq)
    assert not any(v[:1] in ("=", "+", "-", "@") for r in dq for v in r.values() if v)
    wb = load_workbook(story["final"] / "scorecard.xlsx")
    ws = wb["Scorecard"]
    header = [c.value for c in ws[1]]
    cells = {
        (r[header.index("indicator_id")].value, name): r[header.index(name)]
        for r in ws.iter_rows(min_row=2)
        for name in ("commentary", "corrective_action")
    }
    assert cells[("AA03", "corrective_action")].value == "'" + HYPERLINK
    assert cells[("BB05", "commentary")].value == "'" + AT_FORMULA
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_notebooks_and_exports_never_reach_the_network(story):
    guard = story["guard"]
    loaded = list(guard.glob("loaded-*"))
    # the command, its worker processes and every notebook kernel ran with the guard in place
    # (run --all prepares in its workers, so one kernel a quarter: the report's)
    assert len(loaded) >= 1 + 1 + 4
    attempts = guard / "attempts.txt"
    assert not attempts.exists(), attempts.read_text()
    assert story["all"].returncode == 0


def test_run_all_workers_read_each_return_once(fresh_fixture, monkeypatch):
    from perflib.inputs import returns
    from perflib.workflow import speed
    from perflib.workflow.cache import prepare

    config = load_config(fresh_fixture)
    reads: list[str] = []
    real = returns.load_quarter

    def counting(cfg, catalogue, quarter):
        reads.append(quarter.label)
        return real(cfg, catalogue, quarter)

    monkeypatch.setattr(returns, "load_quarter", counting)
    returns_memo = speed.ReturnsMemo()
    q2, q3 = Quarter.parse("2023-24 Q2"), Quarter.parse("2023-24 Q3")
    prepare(q2, config, loader=returns_memo.loader(q2, config, hash_inputs(config, q2)))
    prepare(q3, config, loader=returns_memo.loader(q3, config, hash_inputs(config, q3)))
    # the fixture has returns for 2022-23 Q3, 2023-24 Q1, Q2 and Q3: each read once, not 3 + 4 times
    assert sorted(reads) == ["2022-23 Q3", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3"]
    # byte for byte the data the prepare notebook's function writes on its own
    folder = config.processed_quarter_dir(q3)
    memo = {name: (folder / f"{name}.parquet").read_bytes() for name in PROCESSED_FILES}
    prepare(q3, config)
    assert memo == {name: (folder / f"{name}.parquet").read_bytes() for name in PROCESSED_FILES}
    # an earlier quarter's return edited: that quarter is read again, the others are not
    ret = sorted(config.raw_quarter_dir(Quarter.parse("2023-24 Q1")).glob("*.xlsx"))[0]
    ret.write_bytes(ret.read_bytes() + b"\0")
    reads.clear()
    prepare(q3, config, loader=returns_memo.loader(q3, config, hash_inputs(config, q3)))
    assert reads == ["2023-24 Q1"]
