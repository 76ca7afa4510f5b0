"""The speed tricks change no output: run --all workers read each return once."""

from __future__ import annotations

import pytest

from perflib.build.prepared import PROCESSED_FILES
from perflib.core.config import load_config
from perflib.core.quarters import Quarter
from perflib.workflow.run_inputs import hash_inputs

pytestmark = pytest.mark.e2e


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


def test_kernels_talk_over_their_own_unix_sockets_and_leave_nothing_behind():
    # Two kernels started together, as run --all's workers do, each have a socket folder of their
    # own (TCP ports picked "free" were once taken by another process before the kernel bound them).
    from pathlib import Path

    from jupyter_core.utils import run_sync

    from perflib.core import paths
    from perflib.workflow.speed import start_kernel, stop_kernel

    kms = [start_kernel("perflib", paths.REPORT_NOTEBOOK) for _ in range(2)]
    try:
        folders = [Path(km.ip).parent for km in kms]
        assert [km.transport for km in kms] == ["ipc", "ipc"] and folders[0] != folders[1]
        for km in kms:
            client = km.client()
            client.start_channels()
            run_sync(client.wait_for_ready)(timeout=60)
            client.stop_channels()
    finally:
        for km in kms:
            stop_kernel(km)
    assert not any(f.exists() for f in folders)


def test_a_kernel_that_cannot_start_is_named():
    import pytest

    from perflib.core import paths
    from perflib.workflow.speed import KernelCannotStart, start_kernel

    with pytest.raises(KernelCannotStart, match=r"the notebook kernel 'no-such-kernel' cannot start"):
        start_kernel("no-such-kernel", paths.REPORT_NOTEBOOK)
