"""Running one SQL file of `dashboard/sql/` with bound parameters, for a scope; answers are kept
per served build (`dashboard.queries.results`)."""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from dashboard.config import load_settings
from dashboard.queries import reads, results
from dashboard.queries.connections import borrow, close, held_build
from dashboard.queries.scope import DataUnavailable, Scope, scope_params
from pipelines.sqlfiles import params_for  # the same $name rule as the pipeline's runner

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

logger = logging.getLogger(__name__)


INCLUDE = re.compile(r"^-- include: ([a-z_]+)$", re.MULTILINE)
MAX_INCLUDE_DEPTH = 4


@cache
def _sql(name: str) -> str:
    """The query `dashboard/sql/<name>.sql`, its `-- include: <fragment>` lines replaced by
    `dashboard/sql/_<fragment>.sql` (shared CTEs or clauses, which may include others)."""
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    for _ in range(MAX_INCLUDE_DEPTH):
        if not INCLUDE.search(text):
            return text
        text = INCLUDE.sub(lambda m: (SQL_DIR / f"_{m[1]}.sql").read_text(encoding="utf-8"), text)
    raise ValueError(f"{name}.sql: fragments include each other more than {MAX_INCLUDE_DEPTH} deep")


class QueryTimeout(DataUnavailable):
    """A query ran longer than COPILOTE_QUERY_TIMEOUT_SECONDS and was interrupted."""


def frame(scope: Scope, name: str, **params: object) -> pl.DataFrame:
    bound = {**params, **scope_params(scope)}
    sql = _sql(name)
    settings = load_settings()
    try:
        with borrow(settings) as con:
            used = params_for(sql, bound)
            build = held_build()
            entry = results.key(build, name, scope, used)
            with results.computing(entry) as found:
                if found is None:
                    found = run(con, sql, used, settings.query_timeout_seconds)
                    results.put(entry, found)
            reads.note(used, found.height, build.stem)
            return found
    except QueryTimeout:
        logger.warning("query %s interrupted after %ss", name, settings.query_timeout_seconds)
        close()
        raise
    except duckdb.Error as error:
        logger.exception("query %s failed on the served build", name)
        close()
        raise DataUnavailable(
            "La version publiée de l'entrepôt ne peut pas être lue (elle est peut-être "
            "incomplète ou endommagée) : relancez le pipeline ou revenez à une version "
            "précédente."
        ) from error


def run(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object], timeout: float
) -> pl.DataFrame:
    """Every row of `sql`, interrupted (QueryTimeout) when it runs longer than `timeout`."""
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        return con.sql(sql, params=params).pl()
    except duckdb.InterruptException as error:
        raise QueryTimeout(
            f"La requête a dépassé {timeout:g} s et a été interrompue : réessayez, ou "
            "choisissez une période ou un territoire plus restreint."
        ) from error
    finally:
        timer.cancel()
