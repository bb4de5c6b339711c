"""Dashboard settings from environment variables, read when asked (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENTS = ("production", "demo")
DEFAULT_WAREHOUSE_DIR = "var/warehouse"
DEFAULT_APP_DB = "var/app/copilote.sqlite"
DEFAULT_DEMO_PASSWORD = "demo"
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(ValueError):
    """A setting is malformed: the message says which one and what to do."""


@dataclass(frozen=True)
class Settings:
    warehouse_dir: Path
    environment: str = "production"
    query_threads: int = 2
    query_memory_limit: str = "1GB"  # per served build and worker process; marts are small
    query_timeout_seconds: float = 10.0  # a query running longer is interrupted
    stale_after_days: int = 2  # data older than this (as-of date to today) gets a banner
    quarantine_details: bool = True  # quarantined rows (personal data), for the data steward
    app_db: Path = Path(DEFAULT_APP_DB)  # app-written state: accounts, audit (SQLite)
    secret_key: str | None = None  # signs the session cookie (COPILOTE_SECRET_KEY)
    session_idle_minutes: int = 30  # a session unused this long is over
    session_max_hours: int = 12  # and any session after this long
    demo_password: str = DEFAULT_DEMO_PASSWORD  # the demo accounts' password (demo only)
    proxy_count: int = 0  # reverse proxies in front (X-Forwarded-For/-Proto trusted from them)

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


def _whole(env: Mapping[str, str], name: str, default: int, example: str) -> int:
    text = env.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 0:
        raise ConfigError(f"{name}={text!r}: give a whole number ({example}).")
    return int(text)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """COPILOTE_WAREHOUSE_DIR (default var/warehouse, relative to the current directory),
    COPILOTE_ENV (production or demo), COPILOTE_STALE_DAYS (default 2), COPILOTE_APP_DB
    (default var/app/copilote.sqlite), COPILOTE_SECRET_KEY, COPILOTE_SESSION_IDLE_MINUTES
    (default 30), COPILOTE_DEMO_PASSWORD (default demo; demo only), COPILOTE_PROXY_COUNT
    (default 0), COPILOTE_QUERY_TIMEOUT_SECONDS (default 10), COPILOTE_QUARANTINE_DETAILS
    (default 1: the data steward sees quarantined rows; 0 hides them from everyone)."""
    env = os.environ if env is None else env
    warehouse = env.get("COPILOTE_WAREHOUSE_DIR", "").strip() or DEFAULT_WAREHOUSE_DIR
    environment = env.get("COPILOTE_ENV", "").strip() or "production"
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"COPILOTE_ENV={environment!r} is not a known environment: "
            f"use one of {', '.join(ENVIRONMENTS)} (or unset it for production)."
        )
    details = env.get("COPILOTE_QUARANTINE_DETAILS", "").strip().lower()
    return Settings(
        warehouse_dir=Path(warehouse),
        environment=environment,
        query_timeout_seconds=_whole(env, "COPILOTE_QUERY_TIMEOUT_SECONDS", 10, "seconds, e.g. 10")
        or 10,
        stale_after_days=_whole(env, "COPILOTE_STALE_DAYS", 2, "days, e.g. 2"),
        quarantine_details=details not in ("0", "false", "non"),
        app_db=Path(env.get("COPILOTE_APP_DB", "").strip() or DEFAULT_APP_DB),
        secret_key=env.get("COPILOTE_SECRET_KEY", "").strip() or None,
        session_idle_minutes=_whole(env, "COPILOTE_SESSION_IDLE_MINUTES", 30, "minutes, e.g. 30")
        or 30,
        demo_password=env.get("COPILOTE_DEMO_PASSWORD", "") or DEFAULT_DEMO_PASSWORD,
        proxy_count=_whole(env, "COPILOTE_PROXY_COUNT", 0, "proxies, e.g. 1 behind nginx"),
    )
