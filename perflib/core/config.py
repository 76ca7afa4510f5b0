"""The council configuration: ``data/council.yml`` and ``data/methodology.yml``.

The council file says who the report is for, its priorities, the directorates
that send returns, the Flagship Action statuses and where the data lives. The
methodology file (``data/methodology.yml``, read by
:mod:`perflib.core.methodology`) holds the numbers the rules use. Both are data,
not code; this module reads and checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perflib.core import paths
from perflib.core.methodology import ConfigError, Methodology, load_methodology, read_yaml
from perflib.core.quarters import Quarter, fy_start

#: The status of a Flagship Action whose return gave no update this quarter.
NO_UPDATE = "No update"

__all__ = [
    "NO_UPDATE",
    "BenchmarkingConfig",
    "benchmarking_settings",
    "ConfigError",
    "CouncilConfig",
    "Directorate",
    "Plan",
    "Priority",
    "load_config",
]


@dataclass(frozen=True)
class Priority:
    """A corporate-plan priority the report is arranged by."""

    id: str
    name: str


@dataclass(frozen=True)
class Directorate:
    """A directorate that sends one return per quarter."""

    id: str
    name: str

    @property
    def return_file(self) -> str:
        """File name of its return inside a quarter folder."""
        return f"{self.id}.xlsx"


@dataclass(frozen=True)
class Plan:
    """The corporate plan in force from a financial year (``plans`` in ``data/council.yml``).

    Attributes
    ----------
    from_year : int
        Start year of the first financial year it covers (2022 for ``"2022-23"``).
    name : str
        The plan's name, e.g. ``"Brentmoor Corporate Plan 2022-2026"`` (``""`` when it has none).
    priorities : tuple of Priority
        Its priorities, in the order the report shows them.
    """

    from_year: int
    name: str
    priorities: tuple[Priority, ...]


@dataclass(frozen=True)
class BenchmarkingConfig:
    """Who the council is compared with (the optional ``benchmarking`` block).

    Each comparator source in ``folder`` has its own mapping, which may name
    its own group and codes; these settings are what a mapping leaves out.

    Attributes
    ----------
    own_area_code : str
        The council's own area code in the comparator files.
    group_name : str
        Name of the comparator group, e.g. ``"London boroughs"``.
    group : tuple of str
        Area codes of the comparators (the council is always counted too).
    folder : Path
        Folder of the comparator sources: mapping YAML files and the files
        they name (``data/comparators`` unless set).
    """

    own_area_code: str
    group_name: str
    group: tuple[str, ...]
    folder: Path


@dataclass(frozen=True)
class CouncilConfig:
    """Everything ``data/council.yml`` says, with paths made absolute."""

    source: Path
    council_name: str
    short_name: str
    report_title: str
    appendix_title: str
    plan_name: str
    illustrative_notice: str
    default_quarter: Quarter
    return_due_days: int
    priorities: tuple[Priority, ...]
    directorates: tuple[Directorate, ...]
    fa_statuses: dict[str, str]
    fa_meanings: dict[str, str]
    catalogue_dir: Path
    raw_dir: Path
    processed_dir: Path
    outputs_dir: Path
    methodology: Methodology
    benchmarking: BenchmarkingConfig | None = None
    plans: tuple[Plan, ...] = ()

    def plan_for(self, quarter: Quarter) -> Plan:
        """The plan in force in ``quarter``'s financial year.

        The latest of ``plans`` starting in or before that year; without one,
        the top-level ``plan_name`` and ``priorities``.
        """
        earlier = [p for p in self.plans if p.from_year <= quarter.start_year]
        if earlier:
            return max(earlier, key=lambda p: p.from_year)
        return Plan(
            from_year=quarter.start_year, name=self.plan_name if not self.plans else "", priorities=self.priorities
        )

    @property
    def fa_order(self) -> tuple[str, ...]:
        """Flagship Action statuses as the report lists them: council.yml's order, then "No update"."""
        return (*dict.fromkeys(self.fa_statuses.values()), NO_UPDATE)

    @property
    def fa_labels(self) -> dict[str, str]:
        """Each Flagship Action status shown (its RAG) -> the council's word for it, e.g. Green -> "On track"."""
        labels = {rag: status for status, rag in reversed(list(self.fa_statuses.items()))}
        return {rag: labels.get(rag, rag) for rag in self.fa_order}

    def priority_name(self, pid: str) -> str:
        """Name of the priority with id ``pid``."""
        return {p.id: p.name for p in self.priorities}[pid]

    def directorate_name(self, did: str) -> str:
        """Name of the directorate with id ``did``."""
        return {d.id: d.name for d in self.directorates}[did]

    def raw_quarter_dir(self, quarter: Quarter) -> Path:
        """``data/raw/<quarter>/``: ``2023-24-Q3``, or a folder spelt another way perflib accepts (``2023-24 Q3``)."""
        standard = self.raw_dir / quarter.slug
        if standard.is_dir() or not self.raw_dir.is_dir():
            return standard
        for child in sorted(self.raw_dir.iterdir()):
            try:
                if child.is_dir() and Quarter.parse(child.name) == quarter:
                    return child
            except ValueError:
                continue
        return standard

    def processed_quarter_dir(self, quarter: Quarter) -> Path:
        """``data/processed/<quarter>/``."""
        return self.processed_dir / quarter.slug

    def output_quarter_dir(self, quarter: Quarter) -> Path:
        """``outputs/<quarter>/``."""
        return self.outputs_dir / quarter.slug


def benchmarking_settings(config: CouncilConfig | BenchmarkingConfig | None) -> BenchmarkingConfig | None:
    """The benchmarking block of ``config`` (or the block itself); None without one.

    Parameters
    ----------
    config : CouncilConfig, BenchmarkingConfig or None

    Returns
    -------
    BenchmarkingConfig or None
    """
    if isinstance(config, BenchmarkingConfig) or config is None:
        return config
    return config.benchmarking


def _plans(data: dict[str, Any], source: Path, priorities: tuple[Priority, ...]) -> tuple[Plan, ...]:
    """The optional ``plans`` block: financial year -> ``{name, priorities}``.

    A plan's priorities must be among the top-level ones (the catalogue's PIs
    name them); a plan that lists none has the top-level ones.
    """
    block = data.get("plans")
    if block in (None, ""):
        return ()
    if not isinstance(block, dict):
        raise ConfigError(f"{source}: 'plans' must map a financial year (e.g. \"2022-23\") to its plan")
    known = {p.id: p for p in priorities}
    out = []
    for year, plan in block.items():
        try:
            start = fy_start(str(year))
        except ValueError:
            raise ConfigError(f"{source}: 'plans' key {year!r} is not a financial year like \"2022-23\"") from None
        if not isinstance(plan, dict):
            raise ConfigError(f"{source}: 'plans.{year}' must be a mapping with 'name' and optional 'priorities'")
        listed = plan.get("priorities")
        if listed:
            chosen = []
            for item in listed:
                pid = str(item["id"] if isinstance(item, dict) else item)
                if pid not in known:
                    raise ConfigError(f"{source}: 'plans.{year}.priorities' names {pid!r}, not one of 'priorities'")
                name = str(item.get("name") or known[pid].name) if isinstance(item, dict) else known[pid].name
                chosen.append(Priority(pid, name))
            plan_priorities = tuple(chosen)
        else:
            plan_priorities = priorities
        out.append(Plan(from_year=start, name=str(plan.get("name") or ""), priorities=plan_priorities))
    return tuple(sorted(out, key=lambda p: p.from_year))


def _require(data: dict[str, Any], key: str, source: Path) -> Any:
    if key not in data or data[key] in (None, ""):
        raise ConfigError(f"{source}: '{key}' is missing")
    return data[key]


#: Where the comparator sources are when ``benchmarking.folder`` is not given.
DEFAULT_COMPARATOR_FOLDER = "data/comparators"


def _benchmarking(data: dict[str, Any], source: Path) -> BenchmarkingConfig | None:
    """The optional ``benchmarking`` block; None when absent."""
    block = data.get("benchmarking")
    if block in (None, ""):
        return None
    if not isinstance(block, dict):
        raise ConfigError(f"{source}: 'benchmarking' must be a mapping of settings")
    group = block.get("group") or []
    if not isinstance(group, list):
        raise ConfigError(f"{source}: 'benchmarking.group' must be a list of area codes")
    folder = block.get("folder")
    return BenchmarkingConfig(
        own_area_code=str(_require(block, "own_area_code", source)).strip(),
        group_name=str(block.get("group_name") or "Comparator group"),
        group=tuple(str(code).strip() for code in group),
        folder=paths.resolve(folder or DEFAULT_COMPARATOR_FOLDER),
    )


def load_config(path: str | Path = paths.DEFAULT_CONFIG) -> CouncilConfig:
    """Read and check the council configuration.

    Parameters
    ----------
    path : str or Path
        ``data/council.yml`` or another council file; a relative path is taken
        from the project root. Relative paths inside the file are too.

    Returns
    -------
    CouncilConfig

    Raises
    ------
    ConfigError
        If the file is missing, not YAML, or lacks a required setting.
    """
    source = paths.resolve(path)
    data = read_yaml(source, "council configuration")
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of settings")

    priorities = tuple(Priority(str(p["id"]), str(p["name"])) for p in _require(data, "priorities", source))
    directorates = tuple(Directorate(str(d["id"]), str(d["name"])) for d in _require(data, "directorates", source))
    fa_list = _require(data, "flagship_action_statuses", source)
    statuses = {str(s["status"]): str(s["rag"]) for s in fa_list}
    meanings = {str(s["status"]): str(s.get("meaning") or "") for s in fa_list}
    path_cfg = _require(data, "paths", source)
    methodology = load_methodology(data.get("methodology") or paths.METHODOLOGY_CONFIG)
    raw_dir = paths.resolve(_require(path_cfg, "raw", source))
    return CouncilConfig(
        source=source,
        council_name=str(_require(data, "council_name", source)),
        short_name=str(data.get("short_name") or data["council_name"]),
        report_title=str(_require(data, "report_title", source)),
        appendix_title=str(data.get("appendix_title") or data["report_title"]),
        plan_name=str(data.get("plan_name") or ""),
        illustrative_notice=str(data.get("illustrative_notice") or "").strip(),
        default_quarter=Quarter.parse(_require(data, "default_quarter", source)),
        return_due_days=int(data.get("return_due_days", 21)),
        priorities=priorities,
        directorates=directorates,
        fa_statuses=statuses,
        fa_meanings=meanings,
        catalogue_dir=paths.resolve(_require(path_cfg, "catalogue", source)),
        raw_dir=raw_dir,
        processed_dir=paths.resolve(_require(path_cfg, "processed", source)),
        outputs_dir=paths.resolve(_require(path_cfg, "outputs", source)),
        methodology=methodology,
        benchmarking=_benchmarking(data, source),
        plans=_plans(data, source, priorities),
    )
