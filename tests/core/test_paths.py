"""Every path is anchored on the project root, never the working directory."""

from pathlib import Path

from perflib.core import paths


def test_project_root_holds_the_project():
    assert (paths.PROJECT_ROOT / "pyproject.toml").is_file()
    assert (paths.PROJECT_ROOT / "perflib" / "__init__.py").is_file()
    assert paths.DEFAULT_CONFIG == paths.PROJECT_ROOT / "data" / "council.yml"
    assert paths.METHODOLOGY_CONFIG == paths.PROJECT_ROOT / "data" / "methodology.yml"


def test_the_files_named_exist():
    for path in (paths.DEFAULT_CONFIG, paths.METHODOLOGY_CONFIG, paths.STYLESHEET, *paths.NOTEBOOKS):
        assert path.is_file(), path
    assert (paths.REPORT_TEMPLATES_DIR / "sections.html.j2").is_file()
    assert (paths.EXPORT_TEMPLATES_DIR / "appendix" / "index.html.j2").is_file()


def test_notebooks_run_prepare_first_then_the_report():
    assert paths.NOTEBOOKS == (paths.PREPARE_NOTEBOOK, paths.REPORT_NOTEBOOK)
    assert [p.name for p in paths.NOTEBOOKS] == ["01_prepare.ipynb", "02_appendix1.ipynb"]


def test_resolve_takes_relative_paths_from_the_project_root_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.resolve("data/raw") == paths.PROJECT_ROOT / "data" / "raw"
    assert paths.resolve(Path("data/catalogue/../raw")) == paths.PROJECT_ROOT / "data" / "raw"  # normalised
    assert paths.resolve("raw", base=tmp_path) == tmp_path.resolve() / "raw"
    assert paths.resolve(tmp_path / "x.yml") == (tmp_path / "x.yml").resolve()  # absolute stays
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.resolve("~/council.yml") == tmp_path.resolve() / "council.yml"


def test_display_path_inside_the_project_is_relative():
    target = paths.PROJECT_ROOT / "data" / "raw" / "2023-24-Q3" / "place.xlsx"
    assert paths.display_path(target) == "data/raw/2023-24-Q3/place.xlsx"
    assert paths.display_path(str(target)) == "data/raw/2023-24-Q3/place.xlsx"
    assert paths.display_path(paths.PROJECT_ROOT / "data" / "catalogue" / ".." / "council.yml") == "data/council.yml"


def test_display_path_outside_the_project_is_absolute(tmp_path):
    target = tmp_path / "elsewhere" / "alpha.xlsx"
    assert paths.display_path(target) == target.resolve().as_posix()


def test_display_path_of_a_relative_path_is_taken_from_the_project_root(tmp_path, monkeypatch):
    # "Nothing in perflib uses the current working directory": a relative path
    # means the same file wherever the command is run from.
    monkeypatch.chdir(tmp_path)
    assert paths.display_path("data/raw/2023-24-Q3/place.xlsx") == "data/raw/2023-24-Q3/place.xlsx"
