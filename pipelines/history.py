"""Run history, append-only, beside the builds (ARCHITECTURE.md contract 2).

One JSON object per line. A run writes `started`, then `finished` (published or failed); a run
killed in between has no `finished` and shows as interrupted. `publish --build` adds `published`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


def append(path: Path, event: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(event, ensure_ascii=False, sort_keys=True, default=str)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            found.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a crash mid-write: the rest of the history still reads
    return found


@dataclass
class Run:
    run_id: str
    started_at: str | None = None
    finished_at: str | None = None
    status: str = "interrupted"  # until a `finished` event says otherwise
    message: str = ""
    as_of: str | None = None
    deliveries: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)


def runs(path: Path) -> list[Run]:
    """Runs in start order, merged from their events."""
    by_id: dict[str, Run] = {}
    for event in events(path):
        run_id = event.get("run_id")
        if not run_id or event.get("event") not in {"started", "finished"}:
            continue
        run = by_id.setdefault(run_id, Run(run_id))
        if event["event"] == "started":
            run.started_at = event.get("at")
        else:
            run.finished_at = event.get("at")
            run.status = event.get("status", "failed")
            run.message = event.get("message", "")
            run.as_of = event.get("as_of")
            run.deliveries = event.get("deliveries", [])
            run.details = event
    return list(by_id.values())
