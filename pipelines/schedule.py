"""The nightly schedule: once per local day, at the first instant ≥ 02:30 Europe/Paris.

On the spring-forward night 02:30 does not exist (02:00 → 03:00): the run starts at 03:00. On the
fall-back night 02:30 happens twice: the run starts at the first one, once.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
RUN_AT = clock(2, 30)


def first_instant_at_or_after(day: date, at: clock = RUN_AT, zone: ZoneInfo = PARIS) -> datetime:
    """The first real instant of local `day` whose wall-clock time is ≥ `at` (as a UTC datetime)."""
    wanted = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first of a repeated time
    as_utc = wanted.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) == wanted.replace(tzinfo=None):
        return as_utc
    # `at` falls in the gap: the first existing instant after it is the end of the gap
    probe = as_utc - timedelta(hours=3)
    while probe.astimezone(zone).time() < at or probe.astimezone(zone).date() < day:
        probe += timedelta(minutes=1)
    return probe


def next_run(after: datetime, zone: ZoneInfo = PARIS) -> datetime:
    """The next scheduled instant strictly after `after` (an aware datetime)."""
    local_day = after.astimezone(zone).date()
    for offset in range(3):
        candidate = first_instant_at_or_after(local_day + timedelta(days=offset), zone=zone)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: a run exists within three days")


def loop(
    run_once: Callable[[], int],
    now: Callable[[], datetime] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_runs: int | None = None,
) -> None:
    """Sleep until each scheduled instant, then call `run_once` (a pipeline run)."""
    now = now or (lambda: datetime.now(UTC))
    done = 0
    while max_runs is None or done < max_runs:
        due = next_run(now())
        print(f"next pipeline run at {due.astimezone(PARIS):%Y-%m-%d %H:%M %Z}", flush=True)
        while (wait := (due - now()).total_seconds()) > 0:
            sleep(min(wait, 600))
        code = run_once()
        print(f"pipeline run finished with exit code {code}", flush=True)
        done += 1


def run_in_child(landing: str, warehouse: str) -> int:
    """One pipeline run in a child process, so that a crash never takes the scheduler down."""
    command = [
        sys.executable,
        "-m",
        "pipelines",
        "run",
        "--landing",
        landing,
        "--warehouse",
        warehouse,
    ]
    return subprocess.call(command)
