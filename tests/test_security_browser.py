"""SECURITY.md test plan item 12 in a real browser: text from the data holding `<script>`,
`<img onerror>` or `javascript:` — a programme, a funder and a site named by a hostile export —
is shown as text, never run; and the sign-in page works in Chromium (the login form, the way
back to the asked page, sign-out)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipelines import sample
from tests.browser import app_serving, watched_page
from tests.conftest import run, settings_for

SCRIPT = "<script>window.__xss = 'script'</script>"
IMAGE = "<img src=x onerror=\"window.__xss='img'\">"
LINK = "javascript:window.__xss='link'"
PROGRAMME = f"Programme {SCRIPT}"
FUNDER = f"Financeur {IMAGE}"
SITE = f"Plateforme {LINK} {IMAGE}"


@pytest.fixture(scope="module")
def base_url(browser, tmp_path_factory) -> Iterator[str]:
    """A build of the sample whose programme, funder and site names are hostile."""
    root = tmp_path_factory.mktemp("hostile")
    folder = sample.write(root / "landing")
    for name, before, after in (
        ("programmes.csv", "Eco mobilité inclusive", PROGRAMME),
        ("programmes.csv", "Fournisseur d'énergie", FUNDER),
        ("sites.csv", "Plateforme mobilité Lyon", SITE),
    ):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        quoted = '"' + after.replace('"', '""') + '"'
        assert before in text
        path.write_text(text.replace(before, quoted), encoding="utf-8")
    settings = settings_for(root / "landing", root / "warehouse")
    assert run(settings).exit_code == 0
    with app_serving(settings) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/?programme=PRG-C2E&periode=tous", PROGRAMME),
        ("/financeurs?periode=tous", PROGRAMME),
        ("/financeurs/rapport?financeur=F-CEE&periode=tous", FUNDER),
        ("/territoires?territoire=D69&periode=tous", SITE),
    ],
)
def test_hostile_names_are_shown_as_text_and_never_run(browser, base_url, path, shown):
    with watched_page(browser, base_url) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base_url + path)
        page.wait_for_function(
            "text => document.body.textContent.includes(text)", arg=shown, timeout=30_000
        )
        page.wait_for_timeout(500)
        assert page.evaluate("window.__xss") is None and dialogs == []
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        assert [p for p in page.problems if "Content Security Policy" in p] == []


def test_signing_in_in_the_browser_returns_to_the_asked_page(browser, base_url):
    from tests.accounts import PASSWORD

    with watched_page(browser) as page:
        page.goto(base_url + "/territoires?periode=tous")
        assert "/login" in page.url
        page.fill("#username", "direction-84")
        page.fill("#password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_selector("#navbar-account")
        assert page.url.endswith("/territoires?periode=tous")
        assert "direction-84" in page.inner_text("#navbar-account")
        assert page.locator("#nav-quality").count() == 0  # the data steward's page: not listed
        page.context.clear_cookies()  # the session ends (as after 30 idle minutes)
        page.click("#nav-funders")  # a click inside the app: Dash asks for data, gets 401
        page.wait_for_url("**/login?fin=expiree*")
        assert "reconnectez-vous" in page.inner_text("#login-message")
        page.fill("#username", "direction-84")
        page.fill("#password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_selector("#navbar-account")
        assert "/financeurs" in page.url  # back where the session ended
        page.click("#navbar-logout")
        page.wait_for_selector("#login-form")
        assert "déconnecté" in page.inner_text("#login-message")
        page.goto(base_url + "/")
        assert "/login" in page.url


def test_the_sign_in_and_password_pages_pass_axe(browser, base_url):
    from axe_playwright_python.sync_playwright import Axe

    with watched_page(browser, base_url) as page:
        for path in ("/compte", "/compte?lang=en"):
            page.goto(base_url + path)
            assert Axe().run(page).response["violations"] == [], path
    with watched_page(browser) as page:
        for path in ("/login", "/login?lang=en"):
            page.goto(base_url + path)
            assert Axe().run(page).response["violations"] == [], path
