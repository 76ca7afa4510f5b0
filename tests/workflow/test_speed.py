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


def test_loopback_down_names_the_real_cause(monkeypatch):
    # The attack: with 127.0.0.1 down a run failed a minute later with "Kernel didn't respond".
    import socket

    import pytest

    from perflib.workflow.speed import KernelCannotStart, check_loopback

    check_loopback()  # up here

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", refused)
    with pytest.raises(KernelCannotStart, match=r"loopback network \(127\.0\.0\.1\) is not working"):
        check_loopback()
