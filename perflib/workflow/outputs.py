"""The published folder ``outputs/<quarter>/``: one run at a time, replaced only by a complete run.

* Only one run of a quarter works at a time: a lock file
  ``outputs/.lock-<quarter>``, released by the operating system even when a
  run is killed.
* A run works in a temporary folder (``.tmp-<quarter>-<pid>``) and
  :func:`publish` swaps it in only when every step has succeeded, so the
  published folder is always one complete, good run.
* A failed run keeps its executed notebooks under ``outputs/<quarter>/failed/``.
* ``perflib validate`` never writes into the published folder: its
  data_quality.csv goes to ``outputs/.checks/<quarter>/`` (:func:`checks_file`).
* A run that is killed leaves the previous outputs untouched; the next run
  removes its leftover ``.tmp-*`` folder, and puts back the previous outputs if
  the kill came in the instant between moving them aside (``.old-*``) and
  moving the new ones in.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from perflib.core.quarters import Quarter

#: How long a run waits for another run of the same quarter before giving up (seconds).
LOCK_WAIT = 3.0
_LEFTOVER = re.compile(r"^\.(old|tmp)-(.+)-(\d+)$")


class RunFailed(RuntimeError):
    """A step of the run failed; the message is one line for the analyst."""


# ----------------------------------------------------------------- locks and leftovers
def _try_lock(path: Path) -> IO[str] | None:
    """Open and exclusively lock ``path``; None if another process holds it."""
    fh = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return None
    return fh


def _lock_path(outputs_dir: Path, slug: str) -> Path:
    return outputs_dir / f".lock-{slug}"


@contextlib.contextmanager
def quarter_lock(outputs_dir: Path, quarter: Quarter, wait_seconds: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock of one quarter's outputs for the duration of a run.

    The lock is an ``flock`` on ``outputs/.lock-<quarter>``; the operating
    system releases it when the process ends, however it ends.

    Parameters
    ----------
    outputs_dir : Path
        The council's ``outputs/`` folder.
    quarter : Quarter
    wait_seconds : float
        How long to wait for another run of the quarter to finish.

    Raises
    ------
    RunFailed
        If another run of the same quarter is still working.
    """
    outputs_dir.mkdir(parents=True, exist_ok=True)
    path = _lock_path(outputs_dir, quarter.slug)
    deadline = time.monotonic() + wait_seconds
    while (fh := _try_lock(path)) is None:
        if time.monotonic() >= deadline:
            holder = path.read_text(encoding="utf-8").strip() if path.exists() else ""
            raise RunFailed(
                f"{quarter.label}: another run of this quarter is in progress"
                f"{f' (process {holder})' if holder else ''}; wait for it to finish"
            )
        time.sleep(0.1)
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fh.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tidy(entry: Path, kind: str, final: Path) -> str:
    """Deal with one leftover folder; say what was done."""
    if kind == "old" and not final.exists():
        os.replace(entry, final)
        return f"put back the previous outputs {final.name} from an interrupted run"
    shutil.rmtree(entry, ignore_errors=True)
    return f"removed {entry.name}, left by an interrupted run"


def clean_stale(outputs_dir: Path, held: Quarter | None = None) -> list[str]:
    """Remove ``.tmp-*`` and ``.old-*`` folders left in ``outputs/`` by runs that died.

    A leftover of the quarter whose lock this process holds (``held``) is
    stale by definition. A leftover of another quarter is removed only when
    the process named in it is gone and nothing holds that quarter's lock. An
    ``.old-*`` folder (the previous outputs, moved aside just before the new
    ones were moved in) is put back when the published folder is missing, so
    an interrupted swap never loses a good report.

    Parameters
    ----------
    outputs_dir : Path
        The council's ``outputs/`` folder.
    held : Quarter, optional
        The quarter whose lock the caller holds.

    Returns
    -------
    list of str
        One line per folder removed or put back.
    """
    if not outputs_dir.is_dir():
        return []
    done = []
    for entry in sorted(outputs_dir.iterdir()):  # ".old-" sorts before ".tmp-"
        m = _LEFTOVER.match(entry.name)
        if not m or not entry.is_dir():
            continue
        kind, slug, pid = m.group(1), m.group(2), int(m.group(3))
        if pid == os.getpid():
            continue
        final = outputs_dir / slug
        if held is not None and slug == held.slug:
            done.append(_tidy(entry, kind, final))
            continue
        if _pid_alive(pid):
            continue
        fh = _try_lock(_lock_path(outputs_dir, slug))
        if fh is None:  # a run of that quarter is working now
            continue
        try:
            done.append(_tidy(entry, kind, final))
        finally:
            fh.close()
    return done


def checks_file(outputs_dir: Path, quarter: Quarter) -> Path:
    """Where ``perflib validate`` writes a quarter's data_quality.csv: ``outputs/.checks/<quarter>/``.

    Outside the published folder, so checking the returns never changes a
    published report (its manifest stays true) and never races a run's publish.

    Parameters
    ----------
    outputs_dir : Path
    quarter : Quarter

    Returns
    -------
    Path
    """
    return outputs_dir / ".checks" / quarter.slug / "data_quality.csv"


def keep_failed(tmp: Path, final: Path) -> Path | None:
    """Copy the executed notebooks of a failed run to ``final/failed/`` (replacing an older failure).

    The copies are made beside ``failed/`` and swapped in whole, so a full
    disk leaves the older failure (or nothing), never empty or partial notebooks.
    Returns None when there is nothing to keep or it could not be kept.
    """
    # A notebook papermill could not write (a full disk) is empty: there is nothing in it to keep.
    notebooks = [nb for nb in sorted(tmp.glob("*.ipynb")) if nb.stat().st_size > 0] if tmp.is_dir() else []
    if not notebooks:
        return None
    failed = final / "failed"
    staging = final / f".failed-{os.getpid()}"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)
        for nb in notebooks:
            shutil.copyfile(nb, staging / nb.name)
        shutil.rmtree(failed, ignore_errors=True)
        os.replace(staging, failed)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            final.rmdir()  # only when empty: a folder made just now for the failure
        return None
    return failed


def publish(tmp: Path, final: Path) -> None:
    """Swap ``tmp`` into place as ``final``; the old folder is removed only after."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except OSError:
        if old.exists():
            os.replace(old, final)
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
