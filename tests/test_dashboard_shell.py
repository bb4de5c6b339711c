"""The view state in the URL, the filters writing it, the navbar and the freshness banner."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import queries, shell
from dashboard.app import create_app
from dashboard.components.filters import ANY, dom_id, period_options
from dashboard.config import load_settings
from dashboard.freshness import freshness
from dashboard.state import ViewState, from_query, from_search, parse_period
from tests.component_tree import texts as _texts
from tests.conftest import run

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

AS_OF = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("code", "start", "end", "previous"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2024"),
        ("2025-T1", date(2025, 1, 1), date(2025, 3, 31), "2024-T4"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-01"),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31), "2024-12"),
        ("2025-03-01..2025-03-10", date(2025, 3, 1), date(2025, 3, 10), "2025-02-19..2025-02-28"),
    ],
)
def test_periods_parse_and_step_back(code, start, end, previous):
    period = parse_period(code)
    assert (period.start, period.end, period.code) == (start, end, code)
    assert period.previous().code == previous


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2025-T5",
        "2025-13",
        "25",
        "2025-03-10..2025-03-01",
        "2025-02-30..2025-03-01",
        "x" * 500,
        None,
        ["2025"],
        2025,
    ],
)
def test_malformed_periods_are_refused(code):
    assert parse_period(code) is None


def test_a_url_never_raises_and_keeps_only_what_it_allows():
    state = from_search(
        "?lang=de&periode=2025-T9&territoire=R84'--&financeur=%3Cscript%3E&public=tous&grand=2"
        "&programme=PRG-C2E-EMI&other=1"
    )
    assert state == ViewState(programme="PRG-C2E-EMI")
    assert from_query({"territoire": ["D2A"], "lang": "en", "grand": "1"}) == ViewState(
        lang="en", territoire="D2A", grand=True
    )


def test_the_view_round_trips_through_the_url():
    state = ViewState("en", "2025-T3", "Z8405", "OBL-C2E", "PRG-C2E-EMI", "qpv", True)
    assert from_search(state.to_search()) == state
    assert ViewState().to_search() == ""


def test_the_default_period_is_the_as_of_year_to_date():
    assert ViewState().period(AS_OF).code == "2026"
    assert ViewState(periode="2025-11").period(AS_OF).code == "2025-11"


def ids(*names: str) -> list[dict]:
    return [{"type": "filter", "name": name} for name in names]


def test_filters_write_the_url_and_keep_the_rest():
    names = ids("periode", "region", "zone", "public")
    search = shell.search_for(["2025", "R84", ANY, ANY], names, "?lang=en&grand=1", "periode")
    assert from_search(search) == ViewState("en", "2025", "R84", grand=True)
    # moving the région drops the département chosen under the previous one
    search = shell.search_for(["2025", "R11", "D69", ANY], names, search, "region")
    assert from_search(search).territoire == "R11"
    search = shell.search_for(["2025", "R84", "Z8405", ANY], names, search, "zone")
    assert from_search(search).territoire == "Z8405"
    assert shell.search_for(["2025", "R84", "Z8405", ANY], names, search, "zone") is None


def test_a_new_funder_clears_the_programme():
    names = ids("financeur", "programme")
    search = shell.search_for(["FT", "PRG-C2E-EMI"], names, "?programme=PRG-C2E-EMI", "financeur")
    assert from_search(search) == ViewState(financeur="FT")


def test_period_options_stop_at_the_as_of_date():
    values = [o["value"] for o in period_options(AS_OF, "fr")]
    assert values[:2] == [ANY, "2025"] and "2019" in values  # the year to date: the default
    assert "2026-T4" in values and "2026-11" in values and "2026-12" not in values
    labels = {o["value"]: o["label"] for o in period_options(AS_OF, "fr")}
    assert labels[ANY] == "2026 (en cours)" and labels["2025-T3"] == "T3 2025"
    assert labels["2025-08"] == "août 2025"


def test_labels_point_at_their_control():
    assert json.loads(dom_id("periode")) == {"name": "periode", "type": "filter"}


@pytest.fixture
def shell_env(settings, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    create_app()
    yield settings
    queries.close()


def test_navbar_links_keep_the_view_and_switch_language(shell_env, published):
    navbar, alerts, klass = shell.frame("/", "?periode=2025&grand=1")
    assert klass == "shell shell-large" and alerts == []
    links = {}
    stack = [navbar]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif item is not None and not isinstance(item, str):
            if getattr(item, "id", None) and hasattr(item, "href"):
                links[item.id] = item.href
            stack.append(getattr(item, "children", None))
    assert from_search(links["navbar-language"].removeprefix("/")) == ViewState(
        "en", "2025", grand=True
    )
    assert from_search(links["navbar-large-type"].removeprefix("/")).grand is False
    assert links["nav-overview"] == "/?periode=2025&grand=1"
    assert "Données au 24/11/2026" in _texts(navbar)


def test_banner_says_when_nothing_is_served(shell_env):
    _, alerts, _ = shell.frame("/", "")
    assert [a.id for a in alerts] == ["shell-unavailable"]


def test_banner_says_when_the_last_night_failed(shell_env, published, settings):
    folder = settings.landing_dir / "2026-11-25"
    folder.mkdir()
    (folder / "parcours.csv").write_text("not,the,contract\n1,2,3\n", encoding="utf-8")
    (folder / "_READY").write_text("")
    outcome = run(
        settings,
    )
    assert outcome.exit_code == 0  # an unreadable newer file falls back: still published
    (folder / "sites.csv").write_text("site_id\nS99\n", encoding="utf-8")  # missing columns
    for older in settings.landing_dir.glob("2026-11-24/sites.csv"):
        older.unlink()
    failed = run(settings)
    assert failed.exit_code == 1
    _, alerts, _ = shell.frame("/", "?lang=en")
    assert [a.id for a in alerts] == ["shell-run-failed"]
    assert "figures shown are those of 2026-11-25" in " ".join(_texts(alerts))


def test_banner_says_when_data_are_stale(shell_env, published):
    settings = load_settings()
    fresh = freshness(settings, queries.Scope.national_internal(), date(2026, 12, 24))
    assert fresh.stale_days == 30
    assert freshness(settings, queries.Scope.national_internal(), AS_OF).stale_days is None


def test_an_edited_day_makes_a_free_range():
    names = ids("periode", "du", "au")
    search = shell.search_for(["2025", "2025-03-01", "2025-12-31"], names, "?periode=2025", "du")
    assert from_search(search).periode == "2025-03-01..2025-12-31"
    # an impossible range (end before start) changes nothing
    assert shell.search_for(["2025", "2025-12-31", "2025-03-01"], names, search, "au") is None
    # choosing a published period again leaves the range
    search = shell.search_for(["2024-T2", "2025-03-01", "2025-12-31"], names, search, "periode")
    assert from_search(search).periode == "2024-T2"


def test_a_future_period_gives_the_default_and_ranges_are_clamped():
    assert ViewState(periode="2099").period(AS_OF).code == "2026"
    assert ViewState(periode="2027-T1").period(AS_OF).code == "2026"
    clamped = ViewState(periode="2000-01-01..2099-12-31").period(AS_OF)
    assert (clamped.start, clamped.end) == (date(2019, 1, 1), AS_OF)
