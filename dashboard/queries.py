"""THE door to the warehouse: the only module of the dashboard that touches DuckDB.

- The served build is the file named by `<warehouse>/current`; the pointer is read on every call,
  and when it names another build the thread's connection is replaced by one to the new file
  (builds have unique names, so DuckDB's instance cache never hands back the old one).
- Connections are opened lazily (never at import: DuckDB is not fork-safe, gunicorn forks), one
  per thread, read-only, with external access disabled and the configuration locked. No ATTACH.
- SQL lives in `dashboard/sql/<query>.sql` (one SELECT each, reading marts.* and meta.* — and
  quarantine.* for the data steward's quality page only);
  values travel as bound `$named` parameters.
- Every public query function takes the user's `Scope` first. Deny by default: a scope this
  module cannot yet apply in SQL is refused.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath

import duckdb
import polars as pl

from dashboard.config import Settings, load_settings

SQL_DIR = Path(__file__).resolve().parent / "sql"
BUILD_SUFFIX = ".duckdb"
NATIONAL_INTERNAL_ROLES = frozenset({"admin"})
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
COMMENT = re.compile(r"--[^\n]*")

logger = logging.getLogger(__name__)
_local = threading.local()


class DataUnavailable(RuntimeError):
    """No build can be served (no pointer, missing or unreadable build): a French sentence."""


class ScopeRefused(PermissionError):
    """The scope is not one this data layer can apply yet: nothing is returned."""


@dataclass(frozen=True)
class Scope:
    """What a user may see: built from the server session, never from the browser."""

    role: str
    reg_code: str | None
    programme_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.role, str):
            raise TypeError("Scope.role must be a string")
        if self.reg_code is not None and not isinstance(self.reg_code, str):
            raise TypeError("Scope.reg_code must be a string or None")
        if not isinstance(self.programme_ids, tuple) or not all(
            isinstance(p, str) for p in self.programme_ids
        ):
            raise TypeError("Scope.programme_ids must be a tuple of strings")

    @classmethod
    def national_internal(cls) -> Scope:
        """The head office's view: the whole country, every programme, no protection."""
        return cls(role="admin", reg_code=None, programme_ids=())

    @property
    def is_national_internal(self) -> bool:
        return (
            self.role in NATIONAL_INTERNAL_ROLES
            and self.reg_code is None
            and not self.programme_ids
        )


@dataclass(frozen=True)
class DataVersion:
    """The served build: its run id and the date its data are as of."""

    run_id: str
    as_of: date


def data_version(scope: Scope) -> DataVersion:
    frame = _frame(scope, "data_version")
    if frame.height != 1:
        raise DataUnavailable(
            "La version publiée de l'entrepôt ne décrit pas un traitement réussi "
            "(meta.runs) : relancez le pipeline."
        )
    row = frame.row(0, named=True)
    return DataVersion(run_id=row["run_id"], as_of=row["as_of"])


def kpi_by_year(scope: Scope) -> pl.DataFrame:
    """National KPIs per calendar year (marts.kpi_by_year); the as-of year is partial."""
    return _frame(scope, "kpi_by_year")


def filter_territories(scope: Scope) -> pl.DataFrame:
    """Territories with sites, for the filters: level, code, name, parent région."""
    return _frame(scope, "filter_territories")


def filter_programmes(scope: Scope) -> pl.DataFrame:
    """Funders and their programmes, for the filters."""
    return _frame(scope, "filter_programmes")


@dataclass(frozen=True)
class Filters:
    """A view's data filters, bound as SQL parameters (built from the URL's view state): the
    period and the previous one, one territory level, a funder or programme, one segment."""

    start: date
    end: date
    previous_start: date
    previous_end: date
    reg_code: str | None = None
    dep_code: str | None = None
    ze_code: str | None = None
    funder_id: str | None = None
    programme_id: str | None = None
    segment: str | None = None

    def params(self) -> dict[str, object]:
        return dict(self.__dict__)


def overview_kpis(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Headline counts behind the overview's KPIs, one row per period (current, previous)."""
    return _frame(scope, "overview_kpis", **filters.params())


def overview_monthly(
    scope: Scope, filters: Filters, spark_start: date, spark_end: date
) -> pl.DataFrame:
    """The same counts per month from `spark_start` to `spark_end` (the sparklines)."""
    params = {**filters.params(), "spark_start": spark_start, "spark_end": spark_end}
    return _frame(scope, "overview_monthly", **params)


def overview_trained(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Professionals trained per period (current, previous) in the view's région."""
    return _frame(scope, "overview_trained", **filters.params())


def overview_cost(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Payments and parcours funded by share per period (current, previous)."""
    return _frame(scope, "overview_cost", **filters.params())


def overview_targets(scope: Scope, level: str, code: str, start: date, end: date) -> pl.DataFrame:
    """Head office's targets for a territory (level france/region/departement) and years."""
    return _frame(scope, "overview_targets", level=level, code=code, start=start, end=end)


def overview_programme(scope: Scope, programme_id: str) -> pl.DataFrame:
    """A programme's convention: period, target parcours and return rate."""
    return _frame(scope, "overview_programme", programme_id=programme_id)


def close() -> None:
    """Close this thread's connection (tests, shutdown); the next query opens a fresh one."""
    with _registry_lock:
        held = _registry.pop(threading.get_ident(), None)
    if held is not None:
        held.con.close()


# --- scope ----------------------------------------------------------------------------------


def _scope_params(scope: Scope) -> dict[str, object]:
    """The bound parameters that apply `scope` in SQL; refuses what cannot be applied yet."""
    if not isinstance(scope, Scope):
        raise ScopeRefused("a query needs the user's Scope")
    if scope.is_national_internal:
        return {}
    raise ScopeRefused(
        f"scope {scope.role!r} (région {scope.reg_code!r}, programmes {scope.programme_ids!r}) "
        "is not supported yet: nothing is served"
    )


# --- SQL files ------------------------------------------------------------------------------


@cache
def _sql(name: str) -> str:
    if not re.fullmatch(r"[a-z_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _params_for(sql: str, available: dict[str, object]) -> dict[str, object]:
    """The subset of `available` that `sql` uses (DuckDB refuses unused parameters)."""
    wanted = set(PARAMETER.findall(COMMENT.sub("", sql)))
    missing = wanted - available.keys()
    if missing:
        raise KeyError(f"the query needs parameters {sorted(missing)}")
    return {name: available[name] for name in wanted}


def _frame(scope: Scope, name: str, **params: object) -> pl.DataFrame:
    bound = {**params, **_scope_params(scope)}
    sql = _sql(name)
    try:
        with _borrow(load_settings()) as con:
            return con.sql(sql, params=_params_for(sql, bound)).pl()  # fetches every row
    except duckdb.Error as error:
        logger.exception("query %s failed on the served build", name)
        close()
        raise DataUnavailable(
            "La version publiée de l'entrepôt ne peut pas être lue (elle est peut-être "
            "incomplète ou endommagée) : relancez le pipeline ou revenez à une version "
            "précédente."
        ) from error


# --- connections ----------------------------------------------------------------------------


def _served_build(settings: Settings) -> Path:
    """The build file the pointer names, checked to be a build of this warehouse."""
    try:
        line = settings.pointer_path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DataUnavailable(
            f"Aucune version de l'entrepôt n'est publiée dans {settings.warehouse_dir} "
            "(pas de fichier « current ») : lancez le pipeline (python -m pipelines run)."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataUnavailable(
            f"Le pointeur {settings.pointer_path} ne peut pas être lu ({error})."
        ) from error
    relative = PurePosixPath(line)
    if relative.parent != PurePosixPath("builds") or not relative.name.endswith(BUILD_SUFFIX):
        raise DataUnavailable(
            f"Le pointeur {settings.pointer_path} ne désigne pas une version de l'entrepôt "
            "(builds/<run_id>.duckdb) : relancez le pipeline."
        )
    path = (settings.builds_dir / relative.name).absolute()
    if not path.is_file():
        raise DataUnavailable(_missing_build(path))
    return path


def _missing_build(path: Path) -> str:
    return (
        f"La version publiée {path.name} est introuvable dans {path.parent} : relancez le "
        "pipeline ou revenez à une version conservée."
    )


@contextmanager
def same_build() -> Iterator[None]:
    """The queries made inside read one build, even if another is published meanwhile: a page
    never shows the date of one build beside the figures of the next."""
    outer = getattr(_local, "pinned", None)  # None: not pinned; False: no build read yet
    if outer is None:
        _local.pinned = False
    try:
        yield
    finally:
        if outer is None:
            _local.pinned = None


@dataclass
class _Held:
    """A thread's connection to one build; `busy` while a query runs on it."""

    path: Path
    con: duckdb.DuckDBPyConnection
    busy: bool = False


_registry_lock = threading.Lock()
_registry: dict[int, _Held] = {}  # thread ident → its connection


@contextmanager
def _borrow(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """This thread's connection to the served build, marked busy while the caller uses it.

    When the pointer names another build, the thread opens the new file and every idle
    connection to an older build (this thread's and other threads') is closed, so that a pruned
    build's disk space is given back. Inside `same_build()`, the block's build is kept (and
    reopened if an error closed it)."""
    ident, pinned = threading.get_ident(), getattr(_local, "pinned", None)
    path = pinned or _served_build(settings)
    if pinned is False:
        _local.pinned = path
    with _registry_lock:
        held = _registry.get(ident)
        if held is not None and held.path == path:
            held.busy = True
    if held is None or held.path != path:
        if not path.is_file():
            raise DataUnavailable(_missing_build(path))
        held = _Held(path, _open(path, settings), busy=True)
        with _registry_lock:
            replaced = _registry.pop(ident, None)
            if replaced is not None:
                replaced.con.close()  # this thread's own: idle, we are between its queries
            _close_idle_except(path)
            _registry[ident] = held
    try:
        yield held.con
    finally:
        held.busy = False


def _close_idle_except(path: Path) -> None:
    """Close the idle connections to builds other than `path` (the registry lock is held)."""
    for ident, other in list(_registry.items()):
        if other.path != path and not other.busy:
            other.con.close()
            del _registry[ident]


def _open(path: Path, settings: Settings) -> duckdb.DuckDBPyConnection:
    config = {
        "enable_external_access": False,
        "lock_configuration": True,
        "threads": settings.query_threads,
        "memory_limit": settings.query_memory_limit,
    }
    try:
        return duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as error:
        raise DataUnavailable(
            f"La version publiée {path.name} ne peut pas être ouverte ({error}) : relancez "
            "le pipeline ou revenez à une version conservée."
        ) from error


# --- data quality (the /qualite page) ---

DATA_STEWARD_ROLE = "admin"  # the only role that sees quarantined rows (personal data)
REJECTS_ROW_LIMIT = 200
TERRITORY_CODE = re.compile(r"FR|R[0-9]{2}|D(?:[0-9]{2}|2[AB]|97[1-6])|Z[0-9]{4}")


def quality_served_run(scope: Scope) -> pl.DataFrame:
    """The served build as it records itself (meta.runs, one row): run id, as-of date,
    deliveries, start and end times, status, message."""
    return _frame(scope, "quality_served_run")


def quality_sources(scope: Scope) -> pl.DataFrame:
    """Freshness per source table: the files in use (meta.load_log), their rows, repairs,
    warnings, and the age in days of their delivery against the as-of date."""
    return _frame(scope, "quality_sources")


def quality_checks(scope: Scope) -> pl.DataFrame:
    """The build's check results (meta.check_results), failing ones first."""
    return _frame(scope, "quality_checks")


def quality_quarantine_shares(scope: Scope) -> pl.DataFrame:
    """Per source table: rows read, quarantined, charged; share and threshold."""
    return _frame(scope, "quality_quarantine_shares")


def quality_quarantine_rules(scope: Scope) -> pl.DataFrame:
    """Rejects per source table and rule (quarantine.rejects), counts only."""
    return _frame(scope, "quality_quarantine_rules")


def quality_rejects(scope: Scope, table_name: str, limit: int = REJECTS_ROW_LIMIT) -> pl.DataFrame:
    """The first quarantined rows of one source table. They hold personal data: any scope
    whose role is not the data steward's is refused (ScopeRefused), whatever else it holds."""
    if not isinstance(scope, Scope) or scope.role != DATA_STEWARD_ROLE:
        raise ScopeRefused("quarantined rows hold personal data: the data steward only")
    if not isinstance(limit, int) or not 0 < limit <= 10_000:
        raise ValueError(f"not a row limit: {limit!r}")
    return _frame(scope, "quality_rejects", table_name=str(table_name), row_limit=limit)


def completeness_level(territory: str) -> str:
    """The rows of a territory's completeness table: France → its régions, a région → its
    départements, a département or a zone d'emploi → its sites."""
    if not isinstance(territory, str) or not TERRITORY_CODE.fullmatch(territory):
        raise ValueError(f"not a territory: {territory!r}")
    return {"F": "region", "R": "departement"}.get(territory[0], "site")


def quality_completeness(
    scope: Scope, territory: str, first_month: date, last_month: date
) -> pl.DataFrame:
    """Data completeness (marts.fct_site_month) per row of `territory` (completeness_level)
    and month, first_month to last_month: row_code, row_name, month, expected, reported; the
    row whose row_code is null is the whole territory."""
    level = completeness_level(territory)
    code = territory[1:] or None
    return _frame(
        scope,
        "quality_completeness",
        level=level,
        reg_code=code if territory[0] == "R" else None,
        dep_code=code if territory[0] == "D" else None,
        ze_code=code if territory[0] == "Z" else None,
        first_month=first_month,
        last_month=last_month,
    )
