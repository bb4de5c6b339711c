"""Writing tables as the operational systems deliver them (LANDING.md): one folder per delivery,
named by its extraction date, closed by `_READY`; canonical CSV or the French spreadsheet dialect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from pipelines.contract import table


@dataclass(frozen=True)
class Dialect:
    separator: str
    date_format: str
    decimal_comma: bool
    booleans: tuple[str, str]
    encoding: str  # "utf-8", "utf-8-sig" or "cp1252"


CANONICAL = Dialect(",", "%Y-%m-%d", False, ("true", "false"), "utf-8")
FRENCH_CP1252 = Dialect(";", "%d/%m/%Y", True, ("oui", "non"), "cp1252")
FRENCH_UTF8 = Dialect(";", "%d/%m/%Y", True, ("oui", "non"), "utf-8-sig")

# Which system delivers which table, how many days before the as-of date, in which dialect.
# The case-management tool exports every night; finance the day before; the training team
# keeps a spreadsheet; the survey team published its last barometer weeks ago.
PLAN = {
    "barometer": (40, CANONICAL),
    "trainings": (6, FRENCH_CP1252),
    "programmes": (1, FRENCH_CP1252),
    "funding_movements": (1, FRENCH_CP1252),
    "targets": (1, CANONICAL),
    "sites": (0, CANONICAL),
    "parcours": (0, CANONICAL),
    "solutions": (0, CANONICAL),
    "trip_surveys": (0, CANONICAL),
    "parcours_programmes": (0, CANONICAL),
    "staffing": (0, FRENCH_UTF8),
}


def delivery_day(name: str, as_of: date) -> date:
    return as_of - timedelta(days=PLAN[name][0])


def write_all(out: Path, tables: dict[str, pl.DataFrame], as_of: date) -> list[Path]:
    """Every table into its delivery folder, then `_READY` in each folder (last, so that a reader
    never sees a ready folder still being written)."""
    folders: set[Path] = set()
    for name, frame in tables.items():
        folder = out / delivery_day(name, as_of).isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(folder / f"{name}.csv", name, frame, PLAN[name][1])
        folders.add(folder)
    for folder in folders:
        (folder / "_READY").write_bytes(b"")
    return sorted(folders)


def write_csv(path: Path, name: str, frame: pl.DataFrame, dialect: Dialect) -> None:
    """The contract's columns, in its order, in `dialect`; nulls as empty fields."""
    yes, no = dialect.booleans
    frame = frame.select(table(name).columns)
    frame = frame.with_columns(
        pl.when(pl.col(c)).then(pl.lit(yes)).otherwise(pl.lit(no)).alias(c)
        for c, kind in frame.schema.items()
        if kind == pl.Boolean
    )
    options = {
        "separator": dialect.separator,
        "date_format": dialect.date_format,
        "decimal_comma": dialect.decimal_comma,
        "float_scientific": False,
        "null_value": "",
    }
    if dialect.encoding == "utf-8":
        frame.write_csv(path, **options)
    else:
        path.write_bytes(frame.write_csv(**options).encode(dialect.encoding))
