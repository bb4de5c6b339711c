"""Landing retention (LANDING.md): deliveries older than the configured age are deleted, except
the file in use of each table (and its delivery's _READY, so that it stays a ready delivery)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pipelines.config import Settings
from pipelines.landing import READY_MARKER, Landing


def apply(landing: Landing | None, settings: Settings, in_use: set[Path]) -> list[str]:
    """Delete what is past retention; returns the deleted paths relative to the landing folder."""
    if landing is None or landing.today is None:
        return []
    limit = landing.today - timedelta(days=settings.retention_days)
    deleted = []
    for delivery in landing.ready:
        if delivery.day >= limit:
            continue
        keeps_file_in_use = any(path.parent == delivery.path for path in in_use)
        for path in sorted(delivery.path.iterdir()):
            if path in in_use or (keeps_file_in_use and path.name == READY_MARKER):
                continue
            if path.is_file():
                path.unlink()
                deleted.append(f"{delivery.name}/{path.name}")
        if not keeps_file_in_use and not any(delivery.path.iterdir()):
            delivery.path.rmdir()
    return deleted
