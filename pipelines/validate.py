"""LANDING.md rules → loaded rows and quarantined rows, set-based, one table at a time.

For a table whose raw text sits in `work.raw_<table>`: type it (`sql/staging/stg_<table>.sql`),
record its keys, apply its rules (`sql/validate/<table>.sql`) and the duplicate rule, turn broken
references to quarantined parents into cascades, charge each refused row to a table for the
threshold, and keep the rows that broke nothing as `staging.stg_<table>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from pipelines import sqlfiles
from pipelines.contract import Table


@dataclass(frozen=True)
class FileInUse:
    table: Table
    delivery: str
    delivery_day: date
    file_name: str
    style: str  # "canonical" or "fr"
    line_numbers: list[int] | None
    is_parquet: bool


def register_foreign_keys(con: duckdb.DuckDBPyConnection, tables: tuple[Table, ...]) -> None:
    rows = [(t.name, column, parent) for t in tables for column, parent in t.parents]
    con.executemany("insert into work.foreign_keys values (?, ?, ?)", rows)


def empty_raw(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """An optional table that no delivery holds: an empty text table with the contract columns."""
    empty = pa.table({name: pa.array([], pa.string()) for name in table.columns})
    con.from_arrow(empty).create(f"work.raw_{table.name}")


def validate_table(con: duckdb.DuckDBPyConnection, used: FileInUse) -> int:
    """Validate one table; returns the number of leading-zero repairs made in its file."""
    name = used.table.name
    params = {
        "style": used.style,
        "delivery_date": used.delivery_day,
        "table_name": name,
        "key_columns": "|".join(used.table.primary_key),
    }
    line_mode = "none" if used.is_parquet else ("mapped" if used.line_numbers else "simple")
    con.execute(
        "insert into work.files values (?, ?, ?, ?)",
        [name, used.delivery, used.file_name, line_mode],
    )
    if used.line_numbers:
        lines = pa.table(
            {
                "table_name": pa.array([name] * len(used.line_numbers)),
                "_row": pa.array(range(len(used.line_numbers)), pa.int64()),
                "line_number": pa.array(used.line_numbers, pa.int64()),
            }
        )
        con.from_arrow(lines).insert_into("work.line_numbers")

    _run(con, f"staging/stg_{name}.sql", params).create("work.current_typed")
    con.execute(
        "insert into work.keys select $table_name, _row, _key from work.current_typed",
        {"table_name": name},
    )
    for rules in (f"validate/{name}.sql", "validate/_duplicates.sql"):
        _run(con, rules, params).create_view("current_violations", replace=True)
        con.execute(
            "insert into work.violations select $table_name, _row, column_name, rule, "
            "value from current_violations",
            {"table_name": name},
        )
    con.execute("drop view current_violations")  # a view of work tables: not for the build
    for step in ("quarantine/reclassify_cascades.sql", "quarantine/charge_rows.sql"):
        sql = sqlfiles.read(step)
        con.execute(sql, sqlfiles.params_for(sql, params))
    _run(con, "quarantine/accepted.sql", params).create(f"staging.stg_{name}")
    [(repairs,)] = con.execute(
        "select coalesce(sum(_repairs), 0) from work.current_typed"
    ).fetchall()
    # the raw text and its typed copy are no longer needed: free them before the next table
    con.execute(f"drop table work.raw_{name}")
    con.execute("drop table work.current_typed")
    return int(repairs)


def _run(con: duckdb.DuckDBPyConnection, relative: str, params: dict) -> duckdb.DuckDBPyRelation:
    sql = sqlfiles.read(relative)
    return con.sql(sql, params=sqlfiles.params_for(sql, params))
