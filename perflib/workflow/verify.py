"""Is a report still current? Its inputs hashed again and compared with its manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perflib.core.config import CouncilConfig
from perflib.core.hashing import file_key, sha256_file
from perflib.core.quarters import Quarter
from perflib.workflow.manifest import MANIFEST_NAME, read_manifest
from perflib.workflow.run_inputs import digest, hash_code, input_files, kind

#: What :func:`report_state` can say about a quarter's outputs.
STATES = ("none", "current", "stale", "failed")


@dataclass
class Verification:
    """Whether a quarter's report still matches its inputs.

    Attributes
    ----------
    quarter : Quarter
    status : str
        ``"current"``, ``"stale"`` (inputs or outputs changed since the run) or
        ``"missing"`` (no manifest: never run, or run by an older perflib).
    changed, added, removed : list of str
        Input and code files (manifest keys) changed, added or removed since
        the run: the data files and notebooks it read, and perflib's code as
        it is on disk (modules, templates, stylesheet), committed or not.
    outputs_changed : list of str
        Output files that no longer match what the run wrote.
    manifest : dict or None
        The manifest read.
    """

    quarter: Quarter
    status: str
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    outputs_changed: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    def by_kind(self, which: str) -> dict[str, list[str]]:
        """The changed, added and removed files of one kind (``"data"`` or ``"code"``).

        Parameters
        ----------
        which : str
            ``"data"`` or ``"code"`` (:func:`perflib.workflow.run_inputs.kind`).

        Returns
        -------
        dict
            ``{"changed": [...], "added": [...], "removed": [...]}``.
        """
        return {
            label: [k for k in keys if kind(k) == which]
            for label, keys in (("changed", self.changed), ("added", self.added), ("removed", self.removed))
        }

    @property
    def current(self) -> bool:
        """True when the report is up to date with its inputs."""
        return self.status == "current"


def verify(config: CouncilConfig, quarter: Quarter, *, cache: dict[Path, str] | None = None) -> Verification:
    """Hash the inputs again and compare them with the report's manifest.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    cache : dict, optional
        Path -> SHA-256 already computed (``perflib list`` checks many
        quarters that share their history files).

    Returns
    -------
    Verification
    """
    folder = config.output_quarter_dir(quarter)
    manifest = read_manifest(folder)
    if manifest is None:
        return Verification(quarter, "missing")
    now: dict[str, str] = {}
    for p in input_files(config, quarter):
        if cache is not None and p in cache:
            now[file_key(p)] = cache[p]
            continue
        found = digest(p)
        if cache is not None:
            cache[p] = found
        now[file_key(p)] = found
    then: dict[str, str] = dict(manifest["inputs"])
    recorded_code = manifest.get("code_files")
    if isinstance(recorded_code, dict) and recorded_code:  # manifests before code_files: inputs only
        now |= _code_now(cache)
        then |= recorded_code
    changed = sorted(k for k in now.keys() & then.keys() if now[k] != then[k])
    added = sorted(now.keys() - then.keys())
    removed = sorted(then.keys() - now.keys())
    outputs_changed = []
    for name, recorded in sorted((manifest.get("outputs") or {}).items()):
        p = folder / name
        if not p.is_file() or sha256_file(p) != recorded:
            outputs_changed.append(name)
    stale = bool(changed or added or removed or outputs_changed)
    return Verification(quarter, "stale" if stale else "current", changed, added, removed, outputs_changed, manifest)


_CODE_KEY = Path("<perflib code>")


def _code_now(cache: dict[Path, str] | None) -> dict[str, str]:
    """perflib's code files hashed now, once per ``cache`` (``perflib list`` verifies many quarters)."""
    if cache is None:
        return hash_code()
    if _CODE_KEY not in cache:
        code = hash_code()
        cache[_CODE_KEY] = "\n".join(f"{k}\t{v}" for k, v in code.items())
    return dict(line.split("\t", 1) for line in cache[_CODE_KEY].splitlines())


def report_state(config: CouncilConfig, quarter: Quarter, *, cache: dict[Path, str] | None = None) -> str:
    """The state of a quarter's outputs, one word for ``perflib list``.

    Parameters
    ----------
    config : CouncilConfig
    quarter : Quarter
    cache : dict, optional
        Shared hashes, see :func:`verify`.

    Returns
    -------
    str
        ``"failed"`` when the last run failed (``outputs/<quarter>/failed/``
        exists; any previous report is kept), ``"none"`` when there is no
        report, ``"current"`` when the report matches its inputs, and
        ``"stale"`` when inputs changed since, or the report has no manifest.
    """
    folder = config.output_quarter_dir(quarter)
    if (folder / "failed").is_dir():
        return "failed"
    if not (folder / "appendix1.html").is_file() and not (folder / MANIFEST_NAME).is_file():
        return "none"
    return "current" if verify(config, quarter, cache=cache).current else "stale"
