"""Settings from environment variables, read when asked (never at import)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_DIR / "warehouse" / "reference"
SQL_DIR = Path(__file__).resolve().parent / "sql"
CHECKS_DIR = Path(__file__).resolve().parent / "checks"


class ConfigError(ValueError):
    """A setting is missing or malformed: the message says which and what to do."""


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path
    max_quarantine_share: float = 0.05
    retention_days: int = 400
    keep_builds: int = 5
    threads: int = 2
    memory_limit: str = "2GB"

    @property
    def builds_dir(self) -> Path:
        return self.warehouse_dir / "builds"

    @property
    def pointer_path(self) -> Path:
        return self.warehouse_dir / "current"

    @property
    def history_path(self) -> Path:
        return self.warehouse_dir / "runs.jsonl"

    @property
    def lock_path(self) -> Path:
        return self.warehouse_dir / ".pipeline.lock"


def _number(env: dict[str, str], name: str, default: float, kind: type) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(
            f"{name}={raw!r} is not a valid {kind.__name__}: fix or unset it."
        ) from None
    if value < 0:
        raise ConfigError(f"{name}={raw!r} must not be negative.")
    return value


def load_settings(
    landing: str | Path | None = None,
    warehouse: str | Path | None = None,
    env: dict[str, str] | None = None,
) -> Settings:
    """Command-line values win over COPILOTE_* environment variables, which win over defaults."""
    env = dict(os.environ if env is None else env)
    landing = landing or env.get("COPILOTE_LANDING_DIR")
    warehouse = warehouse or env.get("COPILOTE_WAREHOUSE_DIR")
    if not landing:
        raise ConfigError("No landing folder: pass --landing DIR or set COPILOTE_LANDING_DIR.")
    if not warehouse:
        raise ConfigError(
            "No warehouse folder: pass --warehouse DIR or set COPILOTE_WAREHOUSE_DIR."
        )
    share = _number(env, "COPILOTE_MAX_QUARANTINE_SHARE", 0.05, float)
    if share > 1:
        raise ConfigError(
            "COPILOTE_MAX_QUARANTINE_SHARE is a fraction between 0 and 1 (e.g. 0.05)."
        )
    return Settings(
        landing_dir=Path(landing),
        warehouse_dir=Path(warehouse),
        max_quarantine_share=share,
        retention_days=int(_number(env, "COPILOTE_RETENTION_DAYS", 400, int)),
        keep_builds=max(1, int(_number(env, "COPILOTE_KEEP_BUILDS", 5, int))),
        threads=max(1, int(_number(env, "COPILOTE_PIPELINE_THREADS", 2, int))),
        memory_limit=env.get("COPILOTE_PIPELINE_MEMORY", "2GB"),
    )
