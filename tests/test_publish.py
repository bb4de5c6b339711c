"""Publication: reproducible builds, atomic pointer, kill -9, lock, rollback, pruning, retention."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines import history, publish, sample
from pipelines.lock import exclusive
from tests.conftest import dir_args, query, run, settings_for
from tests.landing_files import mark_ready, write_table

PROJECT = Path(__file__).resolve().parent.parent
MARTS = "select table_name from information_schema.tables where table_schema = 'marts' order by 1"


def _marts(settings, run_id=None) -> dict[str, list[tuple]]:
    names = [n for (n,) in query(settings, MARTS, run_id=run_id)]
    return {
        n: query(settings, f"select * from marts.{n} order by all", run_id=run_id) for n in names
    }


def test_same_deliveries_twice_give_identical_marts(settings, published):
    first = _marts(settings)
    second = run(settings)
    assert second.exit_code == 0
    assert second.run_id != published.run_id
    assert _marts(settings) == first


def test_rebuild_on_another_day_gives_identical_marts(settings, published):
    first = _marts(settings)
    later = run(settings, clock=lambda: datetime(2027, 3, 28, 1, 30, tzinfo=UTC))
    assert later.exit_code == 0 and later.run_id.startswith("20270328")
    assert _marts(settings) == first


def test_same_file_delivered_again_changes_nothing(settings, published, landing_dir):
    first = _marts(settings)
    newer = landing_dir / "2026-11-25"
    newer.mkdir()
    (newer / "sites.csv").write_bytes((landing_dir / sample.SAMPLE_DAY / "sites.csv").read_bytes())
    mark_ready(newer)
    assert run(settings).exit_code == 0
    assert _marts(settings) == first
    used = query(
        settings,
        "select delivery, file_sha256 from meta.load_log where table_name = 'sites' and in_use",
    )
    original = (landing_dir / sample.SAMPLE_DAY / "sites.csv").read_bytes()
    assert used == [("2026-11-25", hashlib.sha256(original).hexdigest())]


def test_build_records_its_run(settings, published):
    rows = query(settings, "select run_id, status, deliveries, as_of::varchar from meta.runs")
    assert rows == [(published.run_id, "succeeded", sample.SAMPLE_DAY, sample.SAMPLE_DAY)]
    assert settings.pointer_path.read_text() == f"builds/{published.run_id}.duckdb\n"
    assert not list(settings.builds_dir.glob("*.wal"))


def _start_paused_run(settings, seconds: int) -> subprocess.Popen:
    env = dict(os.environ, COPILOTE_PIPELINE_PAUSE_SECONDS=str(seconds))
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines", "run", *dir_args(settings)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_pause(process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    for line in process.stdout:
        if "paused" in line or time.monotonic() > deadline:
            return
    raise AssertionError("the run ended before reaching its pause")


@pytest.mark.slow
def test_kill_9_mid_build_leaves_the_served_build_and_the_next_run_publishes(settings, published):
    served = settings.pointer_path.read_text()
    process = _start_paused_run(settings, 60)
    _wait_for_pause(process)
    # meanwhile, an overlapping run exits at once with code 3
    overlap = subprocess.run(
        [sys.executable, "-m", "pipelines", "run", *dir_args(settings)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert overlap.returncode == 3, overlap.stderr
    assert "another pipeline run" in overlap.stderr
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert settings.pointer_path.read_text() == served
    statuses = [r.status for r in history.runs(settings.history_path)]
    assert statuses == ["published", "interrupted"]
    after = run(settings)
    assert after.exit_code == 0, after.message
    assert publish.served_run_id(settings) == after.run_id
    assert query(settings, "select count(*) from marts.fct_parcours") == [(10,)]


def test_lock_held_exits_with_3(settings):
    with exclusive(settings.lock_path):
        outcome = run(settings)
    assert outcome.exit_code == 3
    assert not settings.pointer_path.exists()


def test_rollback_and_forward_with_publish(settings, published, landing_dir):
    tables = sample.tables()
    tables["parcours"] = tables["parcours"][:9]  # a later export without P10
    mark_ready(write_table(landing_dir / "2026-11-25", "parcours", tables["parcours"]).parent)
    newer = run(settings)
    assert newer.exit_code == 0
    assert query(settings, "select count(*) from marts.fct_parcours") == [(9,)]
    publish.publish_existing(settings, published.run_id)
    assert publish.served_run_id(settings) == published.run_id
    assert query(settings, "select count(*) from marts.fct_parcours") == [(10,)]
    publish.publish_existing(settings, newer.run_id)
    assert publish.served_run_id(settings) == newer.run_id


def test_a_failed_build_cannot_be_published(settings, published, landing_dir):
    tables = sample.tables()
    tables["solutions"][0]["status"] = "terminee"
    write_table(landing_dir / sample.SAMPLE_DAY, "solutions", tables["solutions"])
    failed = run(settings)
    assert failed.exit_code == 1
    with pytest.raises(publish.PublishError, match="did not pass its audit"):
        publish.publish_existing(settings, failed.run_id)
    with pytest.raises(publish.PublishError, match="no kept build"):
        publish.publish_existing(settings, "20000101T000000Z-0000")
    assert publish.served_run_id(settings) == published.run_id


def test_keeps_five_published_builds_and_the_last_failed(settings, landing_dir):
    published_ids = []
    for _ in range(6):
        outcome = run(settings)
        assert outcome.exit_code == 0
        published_ids.append(outcome.run_id)
        time.sleep(0.01)
    tables = sample.tables()
    tables["solutions"][0]["status"] = "terminee"
    write_table(landing_dir / sample.SAMPLE_DAY, "solutions", tables["solutions"])
    failed = [run(settings).run_id for _ in range(2)]
    assert publish.kept_run_ids(settings) == sorted([*published_ids[1:], failed[-1]])


def test_retention_deletes_old_deliveries_but_not_files_in_use(tmp_path):
    landing = tmp_path / "landing"
    sample.write(landing, day="2025-01-10")  # 2025: past the 400 days before 2026-11-24
    old_parcours = sample.write(landing, day="2025-01-11") / "parcours.csv"
    recent = sample.write(landing, day="2026-11-24")
    recent.joinpath("sites.csv").unlink()  # the 2025-01-11 sites.csv stays in use
    settings = settings_for(landing, tmp_path / "warehouse")
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    assert not (landing / "2025-01-10").exists()
    assert sorted(p.name for p in (landing / "2025-01-11").iterdir()) == ["_READY", "sites.csv"]
    assert not old_parcours.exists()
    deleted = history.runs(settings.history_path)[-1].details["deleted"]
    assert "2025-01-10/parcours.csv" in deleted and "2025-01-11/parcours.csv" in deleted
    assert "2025-01-11/sites.csv" not in deleted
    assert run(settings).exit_code == 0  # the file in use is still found next night
