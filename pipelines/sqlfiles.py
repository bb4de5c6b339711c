"""The SQL files of the pipeline: read them, bind only the parameters they use."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pipelines.config import CHECKS_DIR, SQL_DIR

PARAMETER = re.compile(r"\$([a-z_]+)")
COMMENT = re.compile(r"--[^\n]*")


@cache
def read(relative: str) -> str:
    """Text of `sql/<relative>` (or `checks/<name>` when it starts with 'checks/')."""
    if relative.startswith("checks/"):
        return (CHECKS_DIR / relative.removeprefix("checks/")).read_text(encoding="utf-8")
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def params_for(sql: str, available: dict[str, object]) -> dict[str, object]:
    """The subset of `available` that `sql` references as $name (DuckDB refuses unused ones)."""
    wanted = set(PARAMETER.findall(COMMENT.sub("", sql)))
    missing = wanted - available.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)} that the runner does not provide")
    return {name: available[name] for name in wanted}


def statements(sql: str) -> list[str]:
    """Split a DDL file without parameters into statements (no ';' inside literals here)."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in body.split(";") if part.strip()]


def names(folder: str) -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / folder).glob("*.sql"))


def check_files() -> list[Path]:
    return sorted(CHECKS_DIR.glob("assert_*.sql"))
