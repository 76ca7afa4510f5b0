"""A plain Jupyter server of the project's venv: saving an executed notebook changes no tracked file."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from perflib.core import paths
from perflib.core.notebooks import notebook_digest

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _executed(nb: dict, quarter: str) -> dict:
    """The committed notebook as papermill and Run All leave it: another quarter, outputs, metadata, list sources."""
    out = copy.deepcopy(nb)
    out["metadata"]["language_info"] = {"name": "python", "version": "3.11"}
    out["metadata"]["papermill"] = {"parameters": {"quarter": quarter}}
    for n, cell in enumerate(out["cells"]):
        cell["metadata"]["papermill"] = {"duration": 0.5}
        if cell["cell_type"] == "code":
            cell["execution_count"] = n + 1
            cell["outputs"] = [{"output_type": "display_data", "data": {"text/html": "<p>section</p>"}, "metadata": {}}]
        if "parameters" in cell["metadata"].get("tags", []):
            src = "".join(cell["source"])
            assert 'quarter = "2023-24 Q3"' in src
            cell["source"] = src.replace('"2023-24 Q3"', f'"{quarter}"').splitlines(keepends=True)
    out["cells"].insert(
        2,
        {
            "cell_type": "code",
            "execution_count": 2,
            "id": "injected1",
            "metadata": {"tags": ["injected-parameters"]},
            "outputs": [],
            "source": [f'quarter = "{quarter}"\n'],
        },
    )
    return out


def _server_config() -> Path:
    return Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


@pytest.mark.skipif(not _server_config().is_file(), reason="make setup registers the save hook")
def test_saving_an_executed_notebook_through_the_contents_api_changes_nothing(tmp_path):
    files = [paths.REPORT_NOTEBOOK, paths.REPORT_NOTEBOOK.with_suffix(".py")]
    before = {p: p.read_bytes() for p in files}
    port, token = _free_port(), "perflib-test"
    jupyter = Path(sys.executable).with_name("jupyter")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_CONFIG")}
    server = subprocess.Popen(
        [str(jupyter), "server", "--no-browser", "--allow-root", f"--port={port}", f"--IdentityProvider.token={token}"],
        cwd=paths.PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    try:
        nb = _executed(json.loads(before[paths.REPORT_NOTEBOOK]), "2022-23 Q4")
        body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/{paths.REPORT_NOTEBOOK.name}?token={token}"
        deadline = time.monotonic() + 60
        while True:
            try:
                req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/json"})
                assert urllib.request.urlopen(req, timeout=30).status == 200
                break
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        after = {p: p.read_bytes() for p in files}
        assert after == before, (tmp_path / "server.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
        for p, data in before.items():  # never leave the repository dirty, even when the test fails
            if p.read_bytes() != data:
                p.write_bytes(data)
    assert notebook_digest(paths.REPORT_NOTEBOOK)
