"""The served build: a one-line pointer replaced atomically; kept builds pruned.

`<warehouse>/current` holds `builds/<run_id>.duckdb`. It is written to a temporary file, synced,
then `os.replace`d, so a reader sees the old pointer or the new one, never half of one.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import history
from pipelines.config import Settings

BUILD_SUFFIX = ".duckdb"


class PublishError(RuntimeError):
    pass


def build_path(settings: Settings, run_id: str) -> Path:
    return settings.builds_dir / f"{run_id}{BUILD_SUFFIX}"


def served_run_id(settings: Settings) -> str | None:
    try:
        line = settings.pointer_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    name = Path(line).name
    return name.removesuffix(BUILD_SUFFIX) if name.endswith(BUILD_SUFFIX) else None


def switch_pointer(settings: Settings, run_id: str) -> None:
    target = build_path(settings, run_id)
    if not target.is_file():
        raise PublishError(f"build {run_id} does not exist in {settings.builds_dir}")
    temporary = settings.pointer_path.with_name(f".current.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(f"builds/{target.name}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, settings.pointer_path)
    directory = os.open(settings.warehouse_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def build_status(path: Path) -> str | None:
    """The status a build recorded about itself (meta.runs) (read-only); None if unreadable."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("select status from meta.runs limit 1").fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def publish_existing(settings: Settings, run_id: str) -> None:
    """Roll back or forward to a kept build that passed its audit."""
    path = build_path(settings, run_id)
    if not path.is_file():
        kept = ", ".join(kept_run_ids(settings)) or "none"
        raise PublishError(f"no kept build named {run_id}. Kept builds: {kept}.")
    status = build_status(path)
    if status != "succeeded":
        raise PublishError(
            f"build {run_id} did not pass its audit (status: {status or 'unreadable'})"
            "; it is kept for inspection only and cannot be served."
        )
    switch_pointer(settings, run_id)
    history.append(
        settings.history_path,
        {
            "event": "published",
            "run_id": run_id,
            "at": datetime.now(UTC).isoformat(),
        },
    )


def kept_run_ids(settings: Settings) -> list[str]:
    if not settings.builds_dir.is_dir():
        return []
    return sorted(
        p.name.removesuffix(BUILD_SUFFIX) for p in settings.builds_dir.glob(f"*{BUILD_SUFFIX}")
    )


def prune(settings: Settings) -> list[str]:
    """Keep the newest `keep_builds` good builds, the served one and the newest failed one."""
    runs = {run.run_id: run for run in history.runs(settings.history_path)}
    kept = kept_run_ids(settings)
    good = [r for r in kept if runs.get(r) and runs[r].status == "published"]
    failed = [r for r in kept if r not in good]
    keep = set(good[-settings.keep_builds :]) | set(failed[-1:])
    served = served_run_id(settings)
    if served:
        keep.add(served)
    removed = []
    for run_id in kept:
        if run_id in keep:
            continue
        for path in (build_path(settings, run_id), Path(f"{build_path(settings, run_id)}.wal")):
            path.unlink(missing_ok=True)
        removed.append(run_id)
    return removed
