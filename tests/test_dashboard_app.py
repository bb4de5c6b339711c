"""The app shell: nothing at import, /health, offline assets, navbar, demo badge, settings, CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import flask
import pytest

import dashboard.app
from dashboard import shell
from dashboard.__main__ import parser
from dashboard.app import create_app
from dashboard.config import ConfigError, Settings, load_settings
from pipelines import sample
from tests.accounts import log_in
from tests.component_tree import texts as _texts

pytestmark = pytest.mark.usefixtures("dashboard_env")

PROJECT = Path(__file__).resolve().parent.parent
BOOTSTRAP = PROJECT / "dashboard" / "assets" / "vendor" / "bootstrap" / "bootstrap.min.css"


def test_health_reports_the_served_build(published):
    response = create_app().server.test_client().get("/health")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "data_version": published.run_id,
        "data_as_of": sample.SAMPLE_DAY,
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_health_without_a_build_is_503_unavailable(settings):
    assert not settings.pointer_path.exists()
    response = create_app().server.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "data_version": None,
        "data_as_of": None,
    }


def test_the_app_uses_no_external_url():
    app = create_app()
    assert not any("http" in str(url) for url in app.config.external_stylesheets)
    assert not any("http" in str(url) for url in app.config.external_scripts)
    client = app.server.test_client()
    log_in(client, "admin")
    index = client.get("/").get_data(as_text=True)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', index)
    css = re.search(r'href="(/assets/vendor/bootstrap/bootstrap\.min\.css[^"]*)"', index)
    assert css, "the index page links bootstrap from the app's own assets"
    served = client.get(css.group(1))
    assert served.status_code == 200
    assert served.get_data() == BOOTSTRAP.read_bytes()
    assert b"Bootstrap  v5.3" in served.get_data()[:200]
    assert (BOOTSTRAP.parent / "LICENSE").read_text().startswith("The MIT License")


def test_the_page_is_french_and_titled_copilote():
    client = create_app().server.test_client()
    log_in(client, "admin")
    index = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in index
    assert "<title>Copilote</title>" in index


@pytest.mark.usefixtures("as_admin")
def test_the_navbar_lists_the_registered_pages():
    create_app()
    navbar, _, _ = shell.frame("/", "")
    texts = _texts(navbar)
    assert "Copilote" in texts
    assert "Vue d'ensemble" in texts
    assert "Données de démonstration" not in texts


@pytest.mark.usefixtures("as_admin")
def test_the_demo_environment_shows_a_badge(monkeypatch):
    monkeypatch.setenv("COPILOTE_ENV", "demo")
    create_app()
    assert "Données de démonstration" in _texts(shell.frame("/", "")[0])


def test_an_unknown_environment_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("COPILOTE_ENV", "staging")
    with pytest.raises(ConfigError, match=r"COPILOTE_ENV='staging'.*production, demo"):
        create_app()


def test_settings_defaults_and_values():
    assert load_settings({}) == Settings(Path("var/warehouse"), "production")
    demo = load_settings({"COPILOTE_WAREHOUSE_DIR": "/srv/wh", "COPILOTE_ENV": "demo"})
    assert demo.warehouse_dir == Path("/srv/wh") and demo.is_demo
    assert demo.pointer_path == Path("/srv/wh/current")
    assert not load_settings({"COPILOTE_ENV": "production"}).is_demo


def test_importing_the_app_module_does_nothing(tmp_path):
    """In a fresh interpreter: no app, no page, no connection, no settings read at import;
    the app is built (and the settings read) when `server` is first accessed."""
    script = (
        "import sys, dash, dashboard.app as m\n"
        "from dashboard import queries\n"
        "from dashboard.config import ConfigError\n"
        "assert m._shared == {} and not dash.page_registry\n"
        "assert 'dashboard.pages.overview' not in sys.modules\n"
        "assert queries.connections._registry == {}\n"
        "try:\n"
        "    m.server\n"
        "except ConfigError:\n"
        "    print('built on access')\n"
    )
    env = dict(os.environ, COPILOTE_ENV="bogus", COPILOTE_WAREHOUSE_DIR=str(tmp_path / "none"))
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "built on access"


def test_server_is_one_flask_app_built_on_first_access():
    server = dashboard.app.server
    assert isinstance(server, flask.Flask)
    assert dashboard.app.server is server
    assert dashboard.app.app.server is server
    with pytest.raises(AttributeError):
        dashboard.app.no_such_thing  # noqa: B018


def test_the_cli_serves_on_localhost_8050_by_default():
    args = parser().parse_args(["serve"])
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8050)
    args = parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.host, args.port) == ("0.0.0.0", 9000)


def test_a_fresh_app_serves_concurrent_first_requests(dashboard_env, published):
    """Dash's first-request set-up is done by create_app, before any request: threads hitting
    a fresh worker at once all get their scripts and the page's layout."""
    import threading

    from dashboard.app import create_app

    client = create_app().server.test_client()
    log_in(client, "admin")  # the session cookie is good for any app signing with the same key
    cookie = client.get_cookie("copilote_session").value
    index = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', index)
    fresh = create_app().server  # nothing has been requested from this one yet
    statuses: list[int] = []
    start = threading.Barrier(len(scripts) + 1)

    def get(path: str) -> None:
        start.wait()
        signed = fresh.test_client()
        signed.set_cookie("copilote_session", cookie)
        statuses.append(signed.get(path).status_code)

    threads = [threading.Thread(target=get, args=(p,)) for p in [*scripts, "/_dash-layout"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(scripts) > 3 and statuses == [200] * (len(scripts) + 1)
