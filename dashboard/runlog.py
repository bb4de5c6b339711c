"""The nightly runs as the data steward reads them: the last runs of the history kept beside the
builds (`runs.jsonl`, written by `pipelines.history`), newest first, failed and interrupted ones
included — a run that failed published nothing, so only this history tells why.

The history is not in a build: it is read here, not through `dashboard.queries`, but with the
same rule: the caller's `Scope` first, and only the data steward gets it (messages name files
and folders).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dashboard import queries
from dashboard.config import Settings
from pipelines.history import Run, runs

HISTORY_FILE = "runs.jsonl"
RECENT_RUNS = 15
PUBLISHED, FAILED, INTERRUPTED, UNFINISHED = "published", "failed", "interrupted", "unfinished"


@dataclass(frozen=True)
class RunEntry:
    """One run: `status` is published, failed, interrupted (no end recorded, and a later run
    started) or unfinished (the latest run has no end yet: running, or killed)."""

    run_id: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    as_of: date | None
    message: str


def recent_runs(
    scope: queries.Scope, settings: Settings, limit: int = RECENT_RUNS
) -> list[RunEntry]:
    """The last `limit` runs, newest first; refused (ScopeRefused) outside the data steward."""
    if not isinstance(scope, queries.Scope) or scope.role != queries.DATA_STEWARD_ROLE:
        raise queries.ScopeRefused("the run history is for the data steward only")
    history = runs(settings.warehouse_dir / HISTORY_FILE)
    entries = [_entry(run, is_last=i == len(history) - 1) for i, run in enumerate(history)]
    return entries[::-1][:limit]


def _entry(run: Run, is_last: bool) -> RunEntry:
    if run.finished_at is None:
        status = UNFINISHED if is_last else INTERRUPTED
    elif run.status in (PUBLISHED, "succeeded"):
        status = PUBLISHED
    else:
        status = FAILED
    return RunEntry(
        run_id=run.run_id,
        started_at=_moment(run.started_at),
        finished_at=_moment(run.finished_at),
        status=status,
        as_of=_day(run.as_of),
        message=run.message or "",
    )


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
