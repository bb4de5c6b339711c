"""Shared fixtures: a landing folder holding the sample delivery, a warehouse folder, runs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines import build, publish, sample
from pipelines.config import Settings, load_settings
from pipelines.progress import Reporter


@pytest.fixture
def landing_dir(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    sample.write(path)
    return path


@pytest.fixture
def warehouse_dir(tmp_path: Path) -> Path:
    return tmp_path / "warehouse"


def settings_for(landing: Path, warehouse: Path, **env: str) -> Settings:
    return load_settings(landing, warehouse, env={k.upper(): v for k, v in env.items()})


@pytest.fixture
def settings(landing_dir: Path, warehouse_dir: Path) -> Settings:
    return settings_for(landing_dir, warehouse_dir)


def dir_args(settings: Settings) -> list[str]:
    """The command-line options naming the landing and warehouse folders of `settings`."""
    return ["--landing", str(settings.landing_dir), "--warehouse", str(settings.warehouse_dir)]


def run(settings: Settings, **kwargs) -> build.Outcome:
    log = io.StringIO()
    outcome = build.run(settings, Reporter(log, live=False), **kwargs)
    outcome.log = log.getvalue()  # type: ignore[attr-defined]
    return outcome


def open_build(settings: Settings, run_id: str | None = None) -> duckdb.DuckDBPyConnection:
    """Read-only connection to a build (the served one by default)."""
    run_id = run_id or publish.served_run_id(settings)
    assert run_id, "no build is served"
    return duckdb.connect(str(publish.build_path(settings, run_id)), read_only=True)


def query(settings: Settings, sql: str, run_id: str | None = None, params=None) -> list[tuple]:
    with open_build(settings, run_id) as con:
        return con.execute(sql, params or {}).fetchall()


def pytest_configure(config: pytest.Config) -> None:
    """Fixtures built once per module create the app before a test's own app-state database is
    set (`app_state`): they get a session key and an app-state database of their own, never
    the repository's var/."""
    import os
    import tempfile

    from tests import accounts

    os.environ.setdefault("COPILOTE_SECRET_KEY", accounts.SECRET_KEY)
    os.environ.setdefault(
        "COPILOTE_APP_DB", str(Path(tempfile.mkdtemp(prefix="copilote-tests-")) / "app.sqlite")
    )


@pytest.fixture(scope="session")
def accounts_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An app-state database with an account of each role (tests/accounts.py), made once."""
    from tests import accounts

    path = tmp_path_factory.mktemp("accounts") / "app.sqlite"
    accounts.create(path)
    return path


@pytest.fixture(autouse=True)
def app_state(
    accounts_template: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch
) -> Iterator[Path]:
    """Each test has its own app-state database (a copy holding the test accounts, beside the
    test's tmp_path) and a session key, so that the dashboard starts in production mode."""
    from dashboard.appstate import db
    from tests import accounts

    path = accounts.copy(accounts_template, tmp_path_factory.mktemp("app") / "app.sqlite")
    monkeypatch.setenv("COPILOTE_APP_DB", str(path))
    monkeypatch.setenv("COPILOTE_SECRET_KEY", accounts.SECRET_KEY)
    yield path
    db.close_all()


@pytest.fixture
def as_admin(app_state: Path) -> Iterator[None]:
    """The test runs inside a request of the data steward (pages read the scope from it)."""
    from tests.accounts import signed_in

    with signed_in("admin"):
        yield


@pytest.fixture
def published(settings: Settings) -> Iterator[build.Outcome]:
    outcome = run(settings)
    assert outcome.exit_code == 0, outcome.message
    yield outcome


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Settings], None]]:
    """`serve(settings)` points the dashboard at that warehouse, in production mode; its
    connection (and the answers it kept) are closed after the test."""
    from dashboard import queries

    def on(settings: Settings) -> None:
        monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
        monkeypatch.delenv("COPILOTE_ENV", raising=False)

    yield on
    queries.close()


@pytest.fixture
def dashboard_env(settings: Settings, serve: Callable[[Settings], None]) -> None:
    """The dashboard reads the test's warehouse, in production mode."""
    serve(settings)


@pytest.fixture
def demo_dashboard(demo_build: Settings, serve: Callable[[Settings], None]) -> Settings:
    """The dashboard reads the session's demo build (oracle reads of it come first)."""
    serve(demo_build)
    return demo_build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One published build of the sample delivery for the whole session, for tests that only
    read it (through `query`)."""
    root = tmp_path_factory.mktemp("sample-build")
    sample.write(root / "landing")
    shared = settings_for(root / "landing", root / "warehouse")
    outcome = run(shared)
    assert outcome.exit_code == 0, outcome.message
    return shared


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One published build of a small demo delivery (5,000 parcours: about thirty programmes,
    co-funded parcours, parcours on the association's own funds) for the whole session, for
    tests that only read it. Oracle reads (`query`) must come before the dashboard opens it."""
    from datetime import date

    from pipelines import demo

    root = tmp_path_factory.mktemp("demo-build")
    demo.generate(root / "landing", 5_000, seed=5, as_of=date(2026, 11, 24))
    shared = settings_for(root / "landing", root / "warehouse")
    outcome = run(shared)
    assert outcome.exit_code == 0, outcome.message
    return shared


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """The system's headless Chromium for a module's browser tests (a skip with its reason
    when it or Playwright is missing; a failure under COPILOTE_REQUIRE_BROWSER=1)."""
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, sync_playwright

    with sync_playwright()() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
