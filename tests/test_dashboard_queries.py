"""The dashboard's door to the warehouse: served build, pointer moves, sealed connection, scope."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import queries
from dashboard.config import load_settings
from dashboard.queries import DataUnavailable, Scope, ScopeRefused, connections, sqlfiles
from pipelines import publish, sample
from tests.conftest import query, run, settings_for
from tests.landing_files import mark_ready, write_table

pytestmark = pytest.mark.usefixtures("dashboard_env")

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
NATIONAL = Scope.national_internal()
PROGRAMME_COLUMNS = [
    "funder_id",
    "funder_name",
    "funder_type",
    "programme_id",
    "programme_name",
    "period_start",
    "period_end",
]
YEAR_2025 = queries.Filters(
    date(2025, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31)
)


@pytest.fixture(scope="module")
def _shared_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashboard-queries")
    sample.write(root / "landing")
    shared = settings_for(root / "landing", root / "warehouse")
    outcome = run(shared)
    assert outcome.exit_code == 0, outcome.message
    return shared, outcome


@pytest.fixture
def served(_shared_warehouse, monkeypatch):
    """A warehouse with one published build of the sample, built once for the module and
    only read by the tests that use it."""
    shared, outcome = _shared_warehouse
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(shared.warehouse_dir))
    return shared, outcome


def _mart_rows(settings) -> list[tuple]:
    """Read independently of the dashboard (call before the dashboard opens the same build:
    DuckDB refuses a second configuration for a file already open in the process)."""
    return query(
        settings,
        f"select {', '.join(PROGRAMME_COLUMNS)} from marts.dim_programme "
        "order by funder_name, period_start, programme_name",
    )


def _new_in_2025() -> int:
    frame = queries.overview_kpis(NATIONAL, YEAR_2025)
    return frame.filter(pl.col("period") == "current")["new_parcours"][0]


def deliver_extra_parcours(landing_dir: Path, day: str = "2026-11-25") -> None:
    """A newer delivery of parcours.csv: the sample's rows plus P11, started in 2025."""
    rows = sample.tables()["parcours"]
    model = next(row for row in rows if row["parcours_id"] == "P06")
    extra = {**model, "parcours_id": "P11", "beneficiary_id": sample.B + "00000011"}
    folder = landing_dir / day
    write_table(folder, "parcours", [*rows, extra])
    mark_ready(folder)


def _connection() -> duckdb.DuckDBPyConnection:
    """This thread's serving connection, as the data layer holds it."""
    with connections.borrow(load_settings()) as con:
        return con


def test_queries_return_the_served_build(served):
    settings, published = served
    expected = _mart_rows(settings)
    version = queries.data_version(NATIONAL)
    assert version == queries.DataVersion(published.run_id, date.fromisoformat(sample.SAMPLE_DAY))
    frame = queries.filter_programmes(NATIONAL)
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == PROGRAMME_COLUMNS
    assert frame.rows() == expected


def test_a_new_build_is_served_by_the_next_query_without_restart(settings, published, landing_dir):
    first = queries.data_version(NATIONAL)
    first_con = _connection()
    before = _new_in_2025()

    deliver_extra_parcours(landing_dir)
    second_run = run(settings)
    assert second_run.exit_code == 0, second_run.message
    expected = _mart_rows(settings)  # the new build, before the dashboard opens it

    second = queries.data_version(NATIONAL)
    assert second == queries.DataVersion(second_run.run_id, date(2026, 11, 25))
    assert queries.filter_programmes(NATIONAL).rows() == expected
    assert _new_in_2025() == before + 1
    with pytest.raises(duckdb.Error):  # the thread's connection to the old build was closed
        first_con.execute("select 1").fetchall()

    publish.switch_pointer(settings, first.run_id)  # roll back: picked up as well
    assert queries.data_version(NATIONAL) == first


def test_answers_are_kept_per_build_and_never_cross_builds(settings, published, landing_dir):
    """A build never changes once published: the same query is answered once per build; the
    next build (or a roll-back) is read afresh."""
    first = queries.filter_programmes(NATIONAL)
    assert queries.filter_programmes(NATIONAL) is first  # kept, not recomputed
    before = _new_in_2025()
    deliver_extra_parcours(landing_dir)
    assert run(settings).exit_code == 0
    assert _new_in_2025() == before + 1  # the new build's answer, not the kept one
    publish.switch_pointer(settings, published.run_id)
    assert _new_in_2025() == before
    queries.close()  # forgets the answers too
    assert queries.filter_programmes(NATIONAL) is not first


def test_same_build_holds_one_build_for_a_page(settings, published, landing_dir):
    deliver_extra_parcours(landing_dir)
    with queries.same_build():
        first = queries.data_version(NATIONAL)
        second_run = run(settings)  # published while the page is being built
        assert second_run.exit_code == 0, second_run.message
        assert queries.data_version(NATIONAL) == first
    assert queries.data_version(NATIONAL).run_id == second_run.run_id  # the next page: new build


def test_same_build_survives_a_closed_connection(settings, published, landing_dir):
    deliver_extra_parcours(landing_dir)
    with queries.same_build():
        first = queries.data_version(NATIONAL)
        assert run(settings).exit_code == 0
        queries.close()  # as after a query error: the block's build is reopened, not the new one
        assert queries.data_version(NATIONAL) == first


def test_idle_connections_to_an_older_build_are_closed(settings, published, landing_dir):
    opened: list[duckdb.DuckDBPyConnection] = []
    reader = threading.Thread(target=lambda: opened.append(_connection()))
    reader.start()
    reader.join()  # that thread now sits idle with a connection to the first build
    opened[0].execute("select 1").fetchall()
    deliver_extra_parcours(landing_dir)
    assert run(settings).exit_code == 0
    queries.data_version(NATIONAL)  # any thread meeting the new build sweeps the idle old ones
    with pytest.raises(duckdb.Error):
        opened[0].execute("select 1").fetchall()


def test_the_serving_connection_is_read_only_and_sealed(served, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("a,b\n1,2\n", encoding="utf-8")
    con = _connection()
    refused = [
        "insert into marts.kpi_by_year (year) values (1999)",
        "create table marts.intruder (a integer)",
        "delete from meta.runs",
        f"select * from read_csv('{outside}')",
        "select * from read_csv('/etc/passwd')",
        f"copy marts.kpi_by_year to '{tmp_path / 'out.csv'}'",
        f"attach '{tmp_path / 'other.duckdb'}' as other",
        "set enable_external_access = true",
        "set lock_configuration = false",
        "install spatial",
        "load spatial",
    ]
    for statement in refused:
        with pytest.raises(duckdb.Error):
            con.execute(statement).fetchall()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()
    settings_row = con.execute(
        "select current_setting('enable_external_access'), current_setting('lock_configuration')"
    ).fetchall()
    assert settings_row == [(False, True)]


def test_no_pointer_means_data_unavailable_in_french(settings):
    with pytest.raises(DataUnavailable, match="lancez le pipeline"):
        queries.data_version(NATIONAL)
    with pytest.raises(DataUnavailable):
        queries.filter_programmes(NATIONAL)


@pytest.mark.parametrize(
    "pointer",
    ["builds/missing.duckdb", "builds/garbage.duckdb", "../../etc/passwd", "/etc/passwd", ""],
)
def test_a_bad_pointer_or_build_is_unavailable(settings, pointer):
    settings.builds_dir.mkdir(parents=True)
    (settings.builds_dir / "garbage.duckdb").write_bytes(b"not a database" * 1000)
    settings.pointer_path.write_text(pointer + "\n", encoding="utf-8")
    with pytest.raises(DataUnavailable):
        queries.data_version(NATIONAL)
    with pytest.raises(DataUnavailable):
        queries.filter_programmes(NATIONAL)


@pytest.mark.parametrize(
    "scope",
    [
        Scope("director"),  # a director without its région
        Scope("funder"),  # a funder without its funder
        Scope("funder", "84", "FT"),
        Scope("committee", funder_id="FT"),
        Scope("admin", "84"),
        Scope("superuser"),
        Scope(""),
        Scope.nobody(),
        "admin",
        None,
    ],
)
def test_what_is_not_a_valid_scope_is_refused_before_any_data(settings, scope):
    # No build is published: a refusal, not "unavailable", shows the scope is judged first.
    for function in (queries.data_version, queries.filter_programmes):
        with pytest.raises(ScopeRefused):
            function(scope)


def test_scope_values_are_typed():
    with pytest.raises(TypeError):
        Scope("funder", None, ["FT"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Scope("director", 84)  # type: ignore[arg-type]
    assert Scope.national_internal().all_programmes


def test_one_connection_per_thread(served):
    expected = _mart_rows(served[0])
    results, connections, errors = [], [], []
    # all four threads alive together: a finished thread's identity may be reused by the next
    together = threading.Barrier(4, timeout=30)

    def read() -> None:
        try:
            together.wait()
            results.append(queries.filter_programmes(NATIONAL).rows())
            connections.append(_connection())
            together.wait()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 4
    assert len({id(con) for con in connections}) == 4
    for con in connections:
        con.close()


def test_sql_files_are_one_select_reading_marts_and_meta_only():
    """Each query as it runs (its `-- include:` fragments expanded); fragments (`_<name>.sql`)
    are not queries of their own."""
    files = sorted(p for p in (DASHBOARD / "sql").glob("*.sql") if not p.name.startswith("_"))
    assert {p.stem for p in files} >= {"data_version", "filter_programmes"}
    for path in files:
        body = re.sub(r"--[^\n]*", "", sqlfiles._sql(path.stem)).strip().lower()
        assert ";" not in body, path.name
        assert body.startswith(("with", "select")), path.name
        tables = re.findall(r"\b(?:from|join)\s+([a-z_]+)\.([a-z_]+)", body)
        allowed = {"marts", "meta"} | (
            {"quarantine"} if path.name.startswith("quality_") else set()
        )
        assert tables and {schema for schema, _ in tables} <= allowed, path.name


def test_fragments_are_included_where_they_are_named_and_inside_each_other():
    queries_text = [sqlfiles._sql(n) for n in ("overview_kpis", "overview_monthly",
                                               "territories_kpis", "funders_period")]  # fmt: skip
    place = (DASHBOARD / "sql" / "_view_place.sql").read_text(encoding="utf-8")
    assert all(place in text for text in queries_text)  # the segments, defined once
    assert all("funded as (" in text for text in queries_text[:3])  # _view_parcours
    assert not sqlfiles.INCLUDE.search("".join(queries_text))


def test_no_sql_in_the_dashboards_python():
    statement = re.compile(r"\b(select|insert|attach|create)\b[^\n]*\b(from|into|table)\b", re.I)
    for path in DASHBOARD.rglob("*.py"):
        assert not statement.search(path.read_text(encoding="utf-8")), path
    offenders = [
        path
        for path in DASHBOARD.rglob("*.py")
        if path.parent.name != "queries" and "import duckdb" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_two_threads_asking_the_same_answer_run_the_query_once(served, monkeypatch):
    """Two callbacks of a page needing the same figures at once: one query, one answer."""
    from dashboard.queries import connections, results

    computed: list[tuple] = []
    real_put = results.put

    def counting(entry: tuple, frame: pl.DataFrame) -> None:
        computed.append(entry)
        real_put(entry, frame)

    monkeypatch.setattr(results, "put", counting)
    queries.close()
    start = threading.Barrier(3)
    answers: list[pl.DataFrame] = []

    def ask() -> None:
        start.wait()
        try:
            answers.append(queries.filter_territories(NATIONAL))
        finally:
            connections.close()  # this thread's connection

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 3 and answers[0] is answers[1] is answers[2]
    assert [entry[1] for entry in computed] == ["filter_territories"]


def test_a_query_running_too_long_is_interrupted_with_a_sentence(served):
    from dashboard.queries import sqlfiles

    slow = "select count(*) from range(100000000000) as r(i) where i % 7 = 3"
    with connections.borrow(load_settings()) as con:
        with pytest.raises(sqlfiles.QueryTimeout, match="interrompue"):
            sqlfiles.run(con, slow, {}, timeout=0.3)
        quick = sqlfiles.run(con, "select 42 as answer", {}, timeout=5)
    assert quick["answer"].to_list() == [42]  # the connection serves the next query
    assert issubclass(sqlfiles.QueryTimeout, DataUnavailable)  # pages say "unavailable"


def test_every_query_applies_the_scope_or_reads_nothing_scoped():
    """Each query reading parcours, programmes, money or site detail binds the scope (through
    its fragments); the others read geography, the build's version or site-months."""
    unscoped = {"data_version", "filter_territories", "territories_geography",
                "territories_sites"}  # fmt: skip
    steward = {p.stem for p in (DASHBOARD / "sql").glob("quality_*.sql")} - {"quality_completeness"}
    for path in sorted((DASHBOARD / "sql").glob("[a-z]*.sql")):
        text = sqlfiles._sql(path.stem)
        if path.stem in unscoped or path.stem in steward:
            assert "$scope_" not in text, path.name
            continue
        assert "$scope_all_programmes" in text or "$scope_sites" in text, path.name
