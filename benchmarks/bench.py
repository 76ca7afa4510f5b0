"""`make bench`: how long a quarter takes, against the obvious way and against the floor.

The machine is shared and noisy, so every ratio comes from paired runs: after one
warm-up of each, round i runs (a), (b), (a'), (c) one after another (every other
round in the reverse order, so a slow spell cannot favour one side), each ratio is
taken within its round ((a)/(b), (a)/(c), (a')/(b), (a')/(c)), and the figure
reported is the median of the per-round ratios. Times are medians of the rounds.
Standard-library timing throughout.

(a) full      the quarter as `make report` runs it (`python -m perflib run`), rerun as an
              analyst reruns it: the processed data is current, so it is reused
(a') full_rebuild  the same with `--rebuild`: the prepare notebook runs too (the first run
              after the returns, catalogue, methodology or code changed)
(b) chain     the obvious chain: the papermill command for each notebook, then
              `jupyter nbconvert --to html --no-input`, then the `weasyprint` command
(c) floor     benchmarks/floor.py: same data, charts, HTML and PDF, no kernel, no notebook
(d) all       every sample quarter (`perflib run --all --rebuild`), against the sum of single
              runs (`perflib run --quarter Q --rebuild` for each): a rerun of every quarter
              after a methodology change, when no processed data can be reused. Paired too:
              each of ``--all-pairs`` rounds runs the singles and run --all back to back
(e) rules     status and trends on 1.4 million rows (benchmarks/rules_bench.py)

Peak memory of (a) is the larger of (a) and (a'): the largest total resident memory of
the process tree while it runs (sampled from /proc every 20 ms). Results go to
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "benchmarks" / "results.json"
TARGETS = {"full_vs_chain": 0.7, "full_vs_floor": 1.5, "all_vs_sum": 0.55, "rules_1p4m": 5.0, "peak_full_mib": 1024}


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                stack.extend(int(k) for k in kids)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; return (seconds, peak MiB of its process tree). Raises on failure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return seconds, peak / 1024


def paired_rounds(runs: dict[str, Callable[[], tuple[float, float]]], repeats: int) -> dict[str, list[float]]:
    """Warm each measure up once, then ``repeats`` rounds running every measure once, in alternating order.

    Returns each measure's seconds per round (the peaks go into the "<name>_peak" lists).
    """
    names = list(runs)
    for name in names:
        runs[name]()
    out: dict[str, list[float]] = {n: [] for n in names} | {f"{n}_peak": [] for n in names}
    for i in range(repeats):
        order = names if i % 2 == 0 else names[::-1]
        for name in order:
            seconds, peak = runs[name]()
            out[name].append(seconds)
            out[f"{name}_peak"].append(peak)
        print(f"  round {i + 1}/{repeats}: " + ", ".join(f"{n} {out[n][-1]:.2f} s" for n in names), flush=True)
    return out


def paired_ratio(rounds: dict[str, list[float]], a: str, b: str) -> tuple[float, list[float]]:
    """Median of the per-round ratios a/b, and the ratios."""
    ratios = [x / y for x, y in zip(rounds[a], rounds[b], strict=True)]
    return statistics.median(ratios), ratios


def chain_command(work: Path, q: str, config: str) -> list[list[str]]:
    """The obvious chain, as an analyst would type it: papermill twice, nbconvert, weasyprint."""
    papermill = [str(BIN / "papermill")]
    params = ["-k", "perflib", "-p", "quarter", q, "-p", "config", config, "--no-progress-bar"]
    return [
        [*papermill, "notebooks/01_prepare.ipynb", str(work / "prepare.ipynb"), *params],
        [*papermill, "notebooks/02_appendix1.ipynb", str(work / "appendix1.ipynb"), *params],
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "html",
            "--no-input",
            str(work / "appendix1.ipynb"),
            "--output-dir",
            str(work),
        ],
        [str(BIN / "weasyprint"), str(work / "appendix1.html"), str(work / "appendix1.pdf")],
    ]


def run_all_pairs(quarters: list[str], pairs: int) -> tuple[list[float], list[float]]:
    """``pairs`` rounds of (sum of single --rebuild runs, run --all --rebuild), alternating which goes first."""
    singles, alls = [], []
    for i in range(pairs):
        steps = ["singles", "all"] if i % 2 == 0 else ["all", "singles"]
        for step in steps:
            if step == "singles":
                singles.append(sum(run([PY, "-m", "perflib", "run", "--quarter", x, "--rebuild"])[0] for x in quarters))
            else:
                alls.append(run([PY, "-m", "perflib", "run", "--all", "--rebuild"])[0])
        print(f"  pair {i + 1}/{pairs}: singles {singles[-1]:.1f} s, run --all {alls[-1]:.1f} s", flush=True)
    return singles, alls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", default="2023-24 Q3")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-all", action="store_true", help="skip (d), the slowest part")
    parser.add_argument("--all-pairs", type=int, default=1, help="rounds of (d), each singles + run --all")
    args = parser.parse_args()
    q = args.quarter
    work = Path(tempfile.mkdtemp(prefix="perflib-bench-"))
    config = "data/council.yml"

    def chain() -> tuple[float, float]:
        total, peak = 0.0, 0.0
        for cmd in chain_command(work, q, config):
            seconds, p = run(cmd)
            total, peak = total + seconds, max(peak, p)
        return total, peak

    print("(a), (b), (a'), (c) in paired rounds", flush=True)
    rounds = paired_rounds(
        {
            "full": lambda: run([PY, "-m", "perflib", "run", "--quarter", q]),
            "chain": chain,
            "full_rebuild": lambda: run([PY, "-m", "perflib", "run", "--quarter", q, "--rebuild"]),
            "floor": lambda: run([PY, "benchmarks/floor.py", q, str(work / "floor")]),
        },
        args.repeats,
    )
    full, full_rebuild = statistics.median(rounds["full"]), statistics.median(rounds["full_rebuild"])
    chain_s, floor_s = statistics.median(rounds["chain"]), statistics.median(rounds["floor"])
    peak_full = max(rounds["full_peak"] + rounds["full_rebuild_peak"])
    paired = {
        f"{a}_vs_{b}": paired_ratio(rounds, a, b)
        for a, b in (("full", "chain"), ("full", "floor"), ("full_rebuild", "chain"), ("full_rebuild", "floor"))
    }

    print("(e) rules engine on 1.4 million rows", flush=True)
    rules_runs = []
    for _ in range(args.repeats):
        out = subprocess.run([PY, "benchmarks/rules_bench.py"], cwd=ROOT, capture_output=True, text=True, check=True)
        rules_runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"  rules: {rules_runs[-1]['seconds']:.2f} s", flush=True)
    rules_s = statistics.median(r["seconds"] for r in rules_runs)
    rules_peak = max(r["peak_mib"] for r in rules_runs)

    all_s = sum_singles = None
    all_ratio: tuple[float, list[float]] | None = None
    if not args.skip_all:
        from perflib.core.config import load_config
        from perflib.inputs.returns import available_quarters

        quarters = [x.label for x in available_quarters(load_config())]
        print(f"(d) every quarter ({len(quarters)}): sum of single runs and perflib run --all, paired", flush=True)
        singles, alls = run_all_pairs(quarters, args.all_pairs)
        sum_singles, all_s = statistics.median(singles), statistics.median(alls)
        all_ratio = (
            statistics.median(a / b for a, b in zip(alls, singles, strict=True)),
            [a / b for a, b in zip(alls, singles, strict=True)],
        )
        # leave the default quarter's outputs as make report would
        run([PY, "-m", "perflib", "run", "--quarter", q])

    results = {
        "quarter": q,
        "repeats": args.repeats,
        "seconds": {
            "full": round(full, 3),
            "full_rebuild": round(full_rebuild, 3),
            "chain": round(chain_s, 3),
            "floor": round(floor_s, 3),
            "all_quarters": None if all_s is None else round(all_s, 3),
            "sum_of_singles": None if sum_singles is None else round(sum_singles, 3),
            "rules_1p4m": round(rules_s, 3),
        },
        "ratios": {
            "full_vs_chain": round(paired["full_vs_chain"][0], 3),
            "full_vs_floor": round(paired["full_vs_floor"][0], 3),
            "all_vs_sum": None if all_ratio is None else round(all_ratio[0], 3),
            "full_rebuild_vs_chain": round(paired["full_rebuild_vs_chain"][0], 3),
            "full_rebuild_vs_floor": round(paired["full_rebuild_vs_floor"][0], 3),
        },
        "paired_ratios": {k: [round(x, 3) for x in v[1]] for k, v in paired.items()}
        | ({} if all_ratio is None else {"all_vs_sum": [round(x, 3) for x in all_ratio[1]]}),
        "peak_mib": {"full": round(peak_full, 1), "rules_1p4m": round(rules_peak, 1)},
        "targets": TARGETS,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{'measure':<28}{'value':>12}   target")
    rows = [
        ("(a) full, s", results["seconds"]["full"], ""),
        ("(a') full --rebuild, s", results["seconds"]["full_rebuild"], ""),
        ("(b) chain, s", results["seconds"]["chain"], ""),
        ("(c) floor, s", results["seconds"]["floor"], ""),
        ("(d) all quarters, s", results["seconds"]["all_quarters"], ""),
        ("    sum of single runs, s", results["seconds"]["sum_of_singles"], ""),
        ("(e) rules on 1.4M rows, s", results["seconds"]["rules_1p4m"], "< 5"),
        ("full / chain", results["ratios"]["full_vs_chain"], "<= 0.7"),
        ("full / floor", results["ratios"]["full_vs_floor"], "<= 1.5"),
        ("full --rebuild / chain", results["ratios"]["full_rebuild_vs_chain"], "(<= 0.7)"),
        ("full --rebuild / floor", results["ratios"]["full_rebuild_vs_floor"], "(<= 1.5)"),
        ("all / sum of singles", results["ratios"]["all_vs_sum"], "<= 0.55"),
        ("peak MiB, full", results["peak_mib"]["full"], "< 1024"),
        ("peak MiB, rules", results["peak_mib"]["rules_1p4m"], ""),
    ]
    for name, value, target in rows:
        shown = "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<28}{shown:>12}   {target}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
