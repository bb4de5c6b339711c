"""Writing landing deliveries for tests: the sample tables, in any dialect, with defects."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb

from pipelines.contract import table

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DECIMAL = re.compile(r"^-?\d+\.\d+$")
FR_BOOLEANS = {"true": "oui", "false": "non"}


def to_french(value: str) -> str:
    """Canonical text → the French spreadsheet dialect (DD/MM/YYYY, decimal comma, oui/non)."""
    if match := ISO_DATE.match(value):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}"
    if DECIMAL.match(value):
        return value.replace(".", ",")
    return FR_BOOLEANS.get(value, value)


def write_table(
    folder: Path,
    name: str,
    rows: list[dict[str, str]],
    dialect: str = "canonical",
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    """One table file: `dialect` 'canonical', 'fr' or 'parquet'; encoding for CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    columns = columns or list(table(name).columns)
    if dialect == "parquet":
        path = folder / f"{name}.parquet"
        con = duckdb.connect()
        import pyarrow as pa

        data = pa.table(
            {c: pa.array([r.get(c) or None for r in rows], pa.string()) for c in columns}
        )
        con.from_arrow(data).write_parquet(str(path))
        return path
    path = folder / f"{name}.csv"
    delimiter = ";" if dialect == "fr" else ","
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(
            handle, delimiter=delimiter, lineterminator="\r\n" if dialect == "fr" else "\n"
        )
        writer.writerow(columns)
        for row in rows:
            values = [row.get(c, "") for c in columns]
            writer.writerow([to_french(v) for v in values] if dialect == "fr" else values)
    return path


def mark_ready(folder: Path) -> Path:
    (folder / "_READY").touch()
    return folder
