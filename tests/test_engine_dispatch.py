"""How the parent hands leads to worker processes: routed by company, the tail shared once company results exist.

The unit tests drive ``engine.dispatch.Dispatcher`` with a real ``TaskBuilder`` over a real CSV and a real
SQLite state file; the last test runs the real CLI with two worker processes.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import time
from pathlib import Path

import pytest

from engine.dispatch import NOTHING, Dispatcher
from engine.results import TaskBuilder
from engine.source import LeadSource
from state.db import StateDB
from tests.engine_helpers import read_output, run_cli, workspace_env
from tests.plugins import PLUGINS


def _write_leads(path: Path, big: int, small_companies: int, per_small: int, seed: int = 3) -> Path:
    """``big`` leads at big.example and ``per_small`` at each of ``small_companies`` others, shuffled."""
    emails = [f"p{i}@big.example" for i in range(big)]
    emails += [f"p{i}@c{c}.example" for c in range(small_companies) for i in range(per_small)]
    random.Random(seed).shuffle(emails)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["First Name", "Company", "Email"])
        for n, email in enumerate(emails):
            writer.writerow([f"Ann{n}", email.split("@")[1].split(".")[0].title(), email])
    return path


@pytest.fixture
def plugins_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADPIPE_PLUGINS", PLUGINS)


def _builder(tmp_path: Path, source: LeadSource, names: list[str]) -> TaskBuilder:
    selection = source.select(None, None, True)
    db = StateDB(tmp_path / "state.sqlite3")
    return TaskBuilder(source, selection, bytearray(selection.total), names, db, cache_days=0)


def _drain_own(dispatcher: Dispatcher, index: int) -> list[list]:
    slices = []
    while dispatcher.backlogs[index]:
        slices.append(dispatcher.take(index))
    return slices


def test_a_company_goes_to_one_worker_and_the_tail_is_shared_only_when_its_results_exist(
        tmp_path: Path, plugins_env: None) -> None:
    leads = _write_leads(tmp_path / "leads.csv", big=60, small_companies=10, per_small=2)
    with LeadSource(leads) as source:
        builder = _builder(tmp_path, source, ["domain_info", "lead_pid"])
        dispatcher = Dispatcher(builder, workers=2, batch_size=1000, min_slice=8)
        assert dispatcher.assignment["big.example"] != dispatcher.assignment["c0.example"]
        dispatcher.refill()
        big_worker = dispatcher.assignment["big.example"]
        other = 1 - big_worker
        domains = lambda tasks: {fields["email"].split("@")[1] for _, fields, _ in tasks}  # noqa: E731
        assert domains(dispatcher.backlogs[big_worker]) == {"big.example"}
        assert "big.example" not in domains(dispatcher.backlogs[other])

        # the other worker runs out of its own leads while big.example's result is not stored: it waits
        _drain_own(dispatcher, other)
        assert dispatcher.take(other) is NOTHING
        assert dispatcher.shared == 0

        # once the company result is stored, it takes big.example leads that carry that result
        stored = {"processor": "domain_info", "version": "1", "key": "big.example",
                  "outputs": {"domain_name": "big.example", "domain_pid": "123"}}
        with builder.db.transaction():
            builder.db.put_company_results([stored])
        dispatcher._next_steal_at = 0.0
        piece = dispatcher.take(other)
        assert piece is not NOTHING and piece and len(piece) <= 8
        assert domains(piece) == {"big.example"}
        assert all(cached["domain_info"]["outputs"]["domain_pid"] == "123" for _, _, cached in piece)
        assert dispatcher.shared == len(piece)
        # taken from the end of the donor's backlog, and never handed out twice
        left = dispatcher.backlogs[big_worker]
        assert not {row for row, _, _ in piece} & {row for row, _, _ in left}
        assert len(left) == 60 - len(piece)

        # when every backlog is empty, both get the end marker, once
        _drain_own(dispatcher, big_worker)
        while (item := dispatcher.take(other)) not in (None, NOTHING):
            pass
        assert item is None
        assert dispatcher.take(big_worker) is None
        assert dispatcher.take(big_worker) is NOTHING
        builder.db.close()


def test_stopping_sends_the_end_marker_at_once(tmp_path: Path, plugins_env: None) -> None:
    leads = _write_leads(tmp_path / "leads.csv", big=30, small_companies=5, per_small=3)
    with LeadSource(leads) as source:
        builder = _builder(tmp_path, source, ["domain_info"])
        dispatcher = Dispatcher(builder, workers=2, batch_size=1000, min_slice=4)
        dispatcher.refill()
        assert any(dispatcher.backlogs)
        dispatcher.stop()
        assert dispatcher.take(0) is None and dispatcher.take(1) is None
        dispatcher.refill()  # reads nothing more once stopped
        assert not any(dispatcher.backlogs)
        builder.db.close()


def test_slices_follow_each_workers_pace(tmp_path: Path, plugins_env: None) -> None:
    leads = _write_leads(tmp_path / "leads.csv", big=300, small_companies=30, per_small=10)
    with LeadSource(leads) as source:
        builder = _builder(tmp_path, source, ["domain_info"])
        dispatcher = Dispatcher(builder, workers=2, batch_size=1000, min_slice=4, max_slice=64)
        dispatcher.refill()
        assert len(dispatcher.take(0)) == len(dispatcher.take(1)) == 4  # pace unknown: the smallest slices
        dispatcher.finished(0, 1)
        time.sleep(0.02)
        dispatcher.finished(0, 1000)  # worker 0 finishes leads in microseconds (cached companies)
        dispatcher.finished(1, 1)
        time.sleep(0.2)
        dispatcher.finished(1, 2)  # worker 1 waits on the network: ~10 leads a second
        assert len(dispatcher.take(0)) == 64  # capped at max_slice
        assert len(dispatcher.take(1)) == 4
        builder.db.close()


def test_a_pool_run_shares_a_big_company_between_workers_and_computes_it_once(tmp_path: Path) -> None:
    leads = _write_leads(tmp_path / "leads.csv", big=240, small_companies=30, per_small=4)
    env = workspace_env(tmp_path, LEADPIPE_CONCURRENCY="8", LEADPIPE_TEST_SLEEP_MS="50")
    result = run_cli(["run", "--input", str(leads), "--processors", "domain_info,lead_pid", "--workers", "2"], env)
    assert result.returncode == 0, result.stderr
    header, rows = read_output(next((tmp_path / "out").glob("*.csv")))
    at = {name: header.index(name) for name in ("Email", "domain_pid", "lead_pid", "lead_status")}
    assert len(rows) == 360 and {r[at["lead_status"]] for r in rows} == {"enriched"}
    by_domain: dict[str, list[list[str]]] = {}
    for r in rows:
        by_domain.setdefault(r[at["Email"]].split("@")[1], []).append(r)
    # every company was computed once, by one worker; its leads all carry that computation's output
    assert all(len({r[at["domain_pid"]] for r in group}) == 1 for group in by_domain.values())
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM company_results").fetchone()[0] == len(by_domain) == 31
    # the worker that ran out of its own leads took part of big.example's
    assert len({r[at["lead_pid"]] for r in by_domain["big.example"]}) == 2
