"""Is the data fresh? The served build's date, and the nightly runs since (run history beside the
builds, ARCHITECTURE.md contract 2): a failed last run or an old as-of date gives a banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard import queries
from dashboard.config import Settings
from pipelines.history import Run, runs


@dataclass(frozen=True)
class Freshness:
    version: queries.DataVersion | None  # None: nothing can be served
    failed_run: Run | None  # the last run, when it ended without publishing
    stale_days: int | None  # days since the as-of date, when past the allowed delay


def freshness(settings: Settings, scope: queries.Scope, today: date) -> Freshness:
    try:
        version = queries.data_version(scope)
    except queries.DataUnavailable:
        version = None
    history = runs(settings.warehouse_dir / "runs.jsonl")
    finished = [run for run in history if run.finished_at]
    last = finished[-1] if finished else None
    failed = last if last is not None and last.status not in ("published", "succeeded") else None
    age = (today - version.as_of).days if version else None
    stale = age if age is not None and age > settings.stale_after_days else None
    return Freshness(version, failed, stale)
