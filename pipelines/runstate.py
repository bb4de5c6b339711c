"""What one run knows as it goes: shared by the build steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines import landing
from pipelines.validate import FileInUse


class NotPublished(Exception):
    """The run ends without publishing; the message names the table and the reason."""


@dataclass
class Outcome:
    exit_code: int
    message: str
    run_id: str | None = None


@dataclass
class RunState:
    run_id: str
    started_at: datetime
    landing: landing.Landing | None = None
    used: dict[str, FileInUse] = field(default_factory=dict)
    used_paths: set[Path] = field(default_factory=set)
    load_log: list[dict] = field(default_factory=list)
    file_rejects: list[tuple] = field(default_factory=list)
    shares: list[tuple] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
