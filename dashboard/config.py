"""Dashboard settings from environment variables, read when asked (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENTS = ("production", "demo")
DEFAULT_WAREHOUSE_DIR = "var/warehouse"


class ConfigError(ValueError):
    """A setting is malformed: the message says which one and what to do."""


@dataclass(frozen=True)
class Settings:
    warehouse_dir: Path
    environment: str = "production"
    query_threads: int = 2
    query_memory_limit: str = "1GB"  # per served build and worker process; marts are small
    stale_after_days: int = 2  # data older than this (as-of date to today) gets a banner
    quarantine_details: bool = False  # quarantined rows (personal data) may be shown at all

    @property
    def pointer_path(self) -> Path:
        """The one-line file naming the served build, relative to the warehouse folder."""
        return self.warehouse_dir / "current"

    @property
    def builds_dir(self) -> Path:
        return self.warehouse_dir / "builds"

    @property
    def is_demo(self) -> bool:
        return self.environment == "demo"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """COPILOTE_WAREHOUSE_DIR (default var/warehouse, relative to the current directory),
    COPILOTE_ENV (production or demo) and COPILOTE_STALE_DAYS (default 2)."""
    env = os.environ if env is None else env
    warehouse = env.get("COPILOTE_WAREHOUSE_DIR", "").strip() or DEFAULT_WAREHOUSE_DIR
    environment = env.get("COPILOTE_ENV", "").strip() or "production"
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"COPILOTE_ENV={environment!r} is not a known environment: "
            f"use one of {', '.join(ENVIRONMENTS)} (or unset it for production)."
        )
    stale = env.get("COPILOTE_STALE_DAYS", "").strip() or "2"
    if not stale.isdigit():
        raise ConfigError(f"COPILOTE_STALE_DAYS={stale!r}: give a whole number of days (e.g. 2).")
    # Quarantined rows hold personal data. Until accounts and sessions exist (issue 6) every
    # visitor is treated as the data steward, so the rows stay off unless asked for explicitly
    # (COPILOTE_QUARANTINE_DETAILS=1) or the data are the demo's fictitious people.
    details = env.get("COPILOTE_QUARANTINE_DETAILS", "").strip().lower() in ("1", "true", "oui")
    return Settings(
        warehouse_dir=Path(warehouse),
        environment=environment,
        stale_after_days=int(stale),
        quarantine_details=details or environment == "demo",
    )
