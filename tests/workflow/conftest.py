"""The workflow story, played once per test session (see workflow_story.py)."""

import sys
from pathlib import Path

import pytest

# Tests are imported with --import-mode=importlib (two stages may each have a test_<module>.py of one
# name), so the folder of the story is put on the path here, as tests/conftest.py does for tests/.
sys.path.insert(0, str(Path(__file__).parent))

import workflow_story


@pytest.fixture(scope="session")
def story(tmp_path_factory):
    """What each step of the story left behind."""
    return workflow_story.play(tmp_path_factory)
