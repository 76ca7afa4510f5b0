"""The package's shape, as the architecture asks: stages as subpackages, modules readable in one sitting."""

from pathlib import Path

from perflib.core.paths import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "perflib"
STAGES = ("core", "inputs", "rules", "build", "report", "export", "workflow")
MAX_LINES = 400


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_stages_are_subpackages():
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_module_longer_than_400_lines():
    long = {str(p.relative_to(PROJECT_ROOT)): _lines(p) for p in PACKAGE.rglob("*.py") if _lines(p) > MAX_LINES}
    assert long == {}


def test_only_the_entry_points_sit_at_the_top_of_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
