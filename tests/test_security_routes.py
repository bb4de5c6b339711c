"""SECURITY.md test plan items 2 and 11, and the hardening of issue 6, through the real Flask
app: every route without a session (only the allow-list answers), security headers and cookie
flags, no debug, cross-origin and non-JSON POSTs refused, a body-size limit, errors as
sentences."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app import create_app
from tests import callbacks
from tests.accounts import SECRET_KEY, log_in

pytestmark = pytest.mark.usefixtures("dashboard_env", "published")
PUBLIC = {"/login", "/health", "/_favicon.ico", "/assets/copilote.css"}
DATA_PATHS = ("/_dash-layout", "/_dash-dependencies", "/export/territoires-classement.csv")


@pytest.fixture
def app():
    return create_app()


def _concrete(rule: str) -> str:
    """A path for a URL rule: its variables filled with plausible values."""
    path = re.sub(r"<path:filename>", "copilote.css", rule)
    path = re.sub(r"<string:package_name>", "dash", path)
    path = re.sub(r"<path:fingerprinted_path>", "dash-renderer/build/dash_renderer.v4.min.js", path)
    path = re.sub(r"<name>", "territoires-classement", path)
    return re.sub(r"<path:path>", "territoires", path)


def test_every_route_without_a_session_answers_only_the_allow_list(app):
    client = app.server.test_client()
    paths = {_concrete(r.rule) for r in app.server.url_map.iter_rules()}
    paths |= {"/", "/territoires", "/financeurs", "/qualite", "/admin", "/compte", "/nowhere"}
    assert len(paths) > 12
    for path in sorted(paths):
        response = client.get(path)
        if path in PUBLIC or path.startswith("/assets/"):
            assert response.status_code in (200, 503), path  # /health: 503 without data
        elif path == "/_reload-hash":
            assert response.status_code == 404
        elif not path.startswith(("/_dash-", "/export/")):  # a page: to the login
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login?next=")
        else:
            assert response.status_code == 401, path
            assert "Connectez-vous" in response.get_json()["error"]
    for path in ("/_dash-update-component", "/logout", "/compte"):
        answer = client.post(path, data="{}", content_type="application/json")
        assert answer.status_code in (401, 302), path
    assert client.post("/_dash-update-component", json={"output": "x"}).status_code == 401


def test_a_page_redirects_to_the_login_and_comes_back_after_it(app):
    client = app.server.test_client()
    target = client.get("/territoires?periode=2024").headers["Location"]
    assert target == "/login?next=%2Fterritoires%3Fperiode%3D2024&lang=fr"
    answer = client.post(target, data={"username": "comite", "password": "mot-de-passe-des-tests"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/territoires?periode=2024"
    assert client.get("/territoires?periode=2024").status_code == 200


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example", "/\\evil", "/logout"]
)
def test_the_login_never_sends_anyone_to_another_site(app, target):
    client = app.server.test_client()
    answer = client.post(f"/login?next={target}", data={"username": "admin",
                         "password": "mot-de-passe-des-tests"})  # fmt: skip
    assert answer.headers["Location"] == "/"


def test_security_headers_on_pages_data_and_errors(app):
    client = app.server.test_client()
    log_in(client, "admin")
    for path in ("/", "/_dash-layout", "/login", "/nowhere", "/health", "/assets/copilote.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp, path
        assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;", csp), csp
        assert "object-src 'none'" in csp and "base-uri 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        if not path.startswith("/assets/"):
            assert headers["Cache-Control"] == "no-store", path
        assert "Strict-Transport-Security" not in headers  # plain HTTP: not promised


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_tls(app, monkeypatch):
    form = {"username": "admin", "password": "mot-de-passe-des-tests"}
    plain = app.server.test_client().post("/login", data=form).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = app.server.test_client().post("/login", data=form, base_url="https://copilote.test")
    assert "Secure" in secure.headers["Set-Cookie"] and "HttpOnly" in secure.headers["Set-Cookie"]
    # behind one reverse proxy that terminates TLS
    monkeypatch.setenv("COPILOTE_PROXY_COUNT", "1")
    proxied = create_app().server.test_client()
    answer = proxied.post("/login", data=form, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in answer.headers["Set-Cookie"]
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_debug_and_no_dev_tools(app):
    assert app.server.debug is False and not app.server.config["PROPAGATE_EXCEPTIONS"]
    client = app.server.test_client()
    log_in(client, "admin")
    index = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', index, re.S)[1])
    assert config["ui"] is False and config["props_check"] is False
    assert client.get("/_reload-hash").status_code == 404


def test_cross_origin_and_non_json_posts_are_refused(app):
    client = app.server.test_client()
    log_in(client, "admin")
    data = json.dumps(callbacks.page_body("/", ""))
    same = client.post(callbacks.UPDATE, data=data, content_type="application/json",
                       headers={"Origin": "http://localhost"})  # fmt: skip
    assert same.status_code == 200
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "http://localhost.evil.example"}):  # fmt: skip
        answer = client.post(callbacks.UPDATE, data=data, content_type="application/json",
                             headers=headers)  # fmt: skip
        assert answer.status_code == 403, headers
    form = client.post(callbacks.UPDATE, data={"payload": data})
    assert form.status_code == 415
    text = client.post(callbacks.UPDATE, data=data, content_type="text/plain")
    assert text.status_code == 415
    logout = client.post("/logout", headers={"Origin": "https://evil.example"})
    assert logout.status_code == 403 and client.get("/_dash-layout").status_code == 200


def test_a_request_too_large_is_refused_with_a_sentence(app):
    client = app.server.test_client()
    log_in(client, "admin")
    big = json.dumps(
        {"output": "x", "inputs": [{"id": "a", "property": "b", "value": "x" * (600 * 1024)}]}
    )
    answer = client.post(callbacks.UPDATE, data=big, content_type="application/json")
    assert answer.status_code == 413
    assert "volumineuse" in answer.get_json()["error"]


def test_errors_are_sentences_never_tracebacks(app, caplog):
    client = app.server.test_client()
    log_in(client, "admin")
    missing = client.get("/nowhere/at/all.php")
    assert missing.status_code in (200, 404)  # Dash answers any path with its page shell
    page = client.get("/export/no-such-table.csv")
    assert page.status_code == 404 and "n'existe pas" in page.get_json()["error"]
    broken = client.post(callbacks.UPDATE, data=json.dumps({"output": "no-such.children",
                         "outputs": {"id": "no-such", "property": "children"}, "inputs": [],
                         "changedPropIds": []}), content_type="application/json")  # fmt: skip
    assert broken.status_code >= 400
    text = broken.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text


def test_the_secret_key_never_reaches_a_page(app):
    client = app.server.test_client()
    log_in(client, "admin")
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        assert SECRET_KEY not in client.get(path).get_data(as_text=True)
