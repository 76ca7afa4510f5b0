"""The workflow story, played once per test session (see workflow_story.py)."""

import pytest
import workflow_story


@pytest.fixture(scope="session")
def story(tmp_path_factory):
    """What each step of the story left behind."""
    return workflow_story.play(tmp_path_factory)
