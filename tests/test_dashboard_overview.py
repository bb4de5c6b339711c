"""The overview: KPI cards that follow the view in the URL, checked against figures computed
independently from the warehouse; periods, targets, provisional figures; unavailability."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import queries
from dashboard.app import create_app
from dashboard.components.kpi_card import kpi_card
from dashboard.kpis import AMBER, GREEN, RATE, RED, KpiFigure, Target, expected_count, figures
from dashboard.overview_data import periods
from dashboard.state import ViewState, parse_period
from pipelines import sample
from tests.component_tree import by_id as _by_id
from tests.component_tree import texts as _texts
from tests.conftest import query, run, settings_for

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")

N = "\u202f"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def _shared_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("dashboard-overview")
    sample.write(root / "landing")
    shared = settings_for(root / "landing", root / "warehouse")
    assert run(shared).exit_code == 0
    return shared


@pytest.fixture
def served(_shared_warehouse, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(_shared_warehouse.warehouse_dir))
    monkeypatch.delenv("COPILOTE_ENV", raising=False)
    yield _shared_warehouse
    queries.close()


@pytest.fixture(scope="module")
def page():
    """The page module as Dash imports it (register_page needs an app to exist first)."""
    create_app()
    from dashboard.pages import overview

    return overview


# --- the oracle: the glossary written again, straight on fct_parcours -------------------------

WHERE = {
    "FR": "true",
    "R84": "reg_code = '84'",
    "D01": "dep_code = '01'",
    "R01": "reg_code = '01'",
}


def _oracle(settings, start: date, end: date, where: str) -> dict[str, float | None]:
    [(new, active, base, returns, positive)] = query(
        settings,
        f"""select
            count(*) filter (where started_on between $s and $e),
            count(distinct beneficiary_id) filter (
                where started_on <= $e and (ended_on is null or ended_on >= $s)),
            count(*) filter (where ended_on between $s and $e
                             and exit_outcome <> 'demenagement_reorientation'),
            count(*) filter (where ended_on between $s and $e
                             and exit_outcome in ('emploi_durable', 'emploi_transition')),
            count(*) filter (where ended_on between $s and $e
                             and exit_outcome in ('emploi_durable', 'emploi_transition',
                                                  'formation'))
        from marts.fct_parcours where {where}""",
        params={"s": start, "e": end},
    )
    return {
        "new_parcours": new,
        "active_people": active,
        "return_to_employment_rate": returns / base if base else None,
        "positive_exit_rate": positive / base if base else None,
    }


def _fr_count(value: int) -> str:
    return f"{value:,}".replace(",", N)


def _fr_rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}".replace(".", ",") + f"{N}%"


@pytest.mark.parametrize(
    ("periode", "territoire", "start", "end"),
    [
        ("2025", "FR", date(2025, 1, 1), date(2025, 12, 31)),
        ("2024", "R84", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-T1", "FR", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-02", "D01", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025", "R01", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_cards_equal_the_glossary_on_the_warehouse(served, page, periode, territoire, start, end):
    expected = _oracle(served, start, end, WHERE[territoire])
    tree = page.layout(periode=periode, territoire=territoire)
    values = {
        key: _by_id(tree, f"overview-kpi-{key.replace('_', '-')}-value").children
        for key in expected
    }
    assert values["new_parcours"] == _fr_count(expected["new_parcours"])
    assert values["active_people"] == _fr_count(expected["active_people"])
    assert values["return_to_employment_rate"] == _fr_rate(expected["return_to_employment_rate"])
    assert values["positive_exit_rate"] == _fr_rate(expected["positive_exit_rate"])


def test_a_programme_keeps_the_parcours_it_funds(served, page):
    [(funded,)] = query(
        served,
        "select count(*) from marts.fct_parcours where parcours_id in (select parcours_id "
        "from marts.fct_parcours_programme where programme_id = 'PRG-C2E') "
        "and started_on between date '2024-01-01' and date '2024-12-31'",
    )
    tree = page.layout(periode="2024", programme="PRG-C2E")
    assert _by_id(tree, "overview-kpi-new-parcours-value").children == _fr_count(funded)
    assert funded == 1  # P01 (P05, also C2E, started in 2025)


def test_a_segment_keeps_its_public(served, page):
    [(qpv,)] = query(
        served,
        "select count(*) from marts.fct_parcours where is_qpv and year(started_on) = 2025",
    )
    tree = page.layout(periode="2025", public="qpv")
    assert _by_id(tree, "overview-kpi-new-parcours-value").children == _fr_count(qpv)
    assert "Quartier prioritaire (QPV)" in _by_id(tree, "overview-subtitle").children


def test_the_title_names_the_territory_and_english_works(served, page):
    assert _by_id(page.layout(territoire="R84"), "overview-title").children == (
        "Vue d'ensemble — Auvergne-Rhône-Alpes"
    )
    tree = page.layout(territoire="D01", lang="en", periode="2025")
    assert _by_id(tree, "overview-title").children == "Overview — Ain (01)"
    assert "New parcours" in _texts(tree)


def test_cost_and_trainings_are_not_shown_where_they_do_not_apply(served, page):
    tree = page.layout(territoire="D01", periode="2025")
    assert _by_id(tree, "overview-kpi-cost-per-parcours-value").children == "—"
    assert _by_id(tree, "overview-kpi-professionals-trained-value").children == "—"
    national = page.layout(periode="2025")
    assert _by_id(national, "overview-kpi-professionals-trained-value").children != "—"


# --- pure parts ------------------------------------------------------------------------------


def test_an_open_period_is_compared_over_the_same_span():
    chosen, current, previous = periods(ViewState(periode="2026"), AS_OF)
    assert chosen.end == date(2026, 12, 31)
    assert (current.start, current.end) == (date(2026, 1, 1), AS_OF)
    assert (previous.start, previous.end) == (date(2025, 1, 1), date(2025, 11, 24))
    _, current, previous = periods(ViewState(periode="2025-T3"), AS_OF)
    assert (previous.start, previous.end) == (date(2025, 4, 1), date(2025, 6, 30))


def test_yearly_targets_are_expected_pro_rata_of_the_days_elapsed():
    assert expected_count(3650, parse_period("2025"), AS_OF) == 3650
    assert expected_count(3650, parse_period("2026"), AS_OF) == pytest.approx(3650 * 328 / 365)
    assert expected_count(3650, parse_period("2025-T1"), AS_OF) == pytest.approx(900)


@pytest.mark.parametrize(
    ("ratio", "status"), [(1.2, GREEN), (0.95, GREEN), (0.9, AMBER), (0.8, AMBER), (0.79, RED)]
)
def test_target_status_thresholds(ratio, status):
    assert Target(100, ratio).status == status


def _counts(**values) -> dict:
    return {"current": values, "previous": {k: v / 2 for k, v in values.items()}}


def test_rates_are_provisional_until_their_outcomes_are_due():
    empty = pl.DataFrame({"period": []})
    counts = _counts(returns_to_employment=4, outcome_base=8, employed_6m=1, outcome_6m_known=2)
    recent = {f.key: f for f in figures(counts, empty, parse_period("2026-11"), AS_OF)}
    assert recent["return_to_employment_rate"].provisional  # the month is not over
    assert recent["employment_6m"].provisional
    old = {f.key: f for f in figures(counts, empty, parse_period("2025-03"), AS_OF)}
    assert not old["return_to_employment_rate"].provisional
    assert not old["employment_6m"].provisional  # March 2025 + 6 months is due
    mid = {f.key: f for f in figures(counts, empty, parse_period("2026-08"), AS_OF)}
    assert not mid["return_to_employment_rate"].provisional and mid["employment_6m"].provisional
    assert old["return_to_employment_rate"].value == 0.5


def test_a_card_shows_value_change_target_and_provisional():
    figure = KpiFigure("new_parcours", "count", 1234, 1196, [], False, Target(1200, 1234 / 1200))
    texts = _texts(kpi_card(figure, "2024"))
    assert texts[:3] == ["Nouveaux parcours", f"1{N}234", f"+3,2{N}% vs 2024"]
    assert "Dans la cible" in texts and f"Objectif à date : 1{N}200 (103{N}% atteint)" in texts
    late = KpiFigure("new_parcours", "count", 1234, 1196, [], False, Target(1300, 1234 / 1300))
    assert "À surveiller" in _texts(kpi_card(late, "2024"))  # 94,9 %: below 95 %
    rate = KpiFigure("positive_exit_rate", RATE, 0.482, 0.496, [], True)
    texts = _texts(kpi_card(rate, "T3 2025"))
    assert f"48,2{N}%" in texts and f"-1,4{N}pt vs T3 2025" in texts and "provisoire" in texts
    missing = KpiFigure("cost_per_parcours", "money", None, None, [])
    assert "Non disponible pour cette vue." in _texts(kpi_card(missing, "2024"))


# --- unavailable -----------------------------------------------------------------------------


def _says_unavailable(tree) -> bool:
    texts = _texts(tree)
    return _by_id(tree, "overview-unavailable") is not None and any(
        "Lancez le pipeline" in text for text in texts
    )


def test_without_a_build_the_page_says_so(settings, page, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    assert not settings.pointer_path.exists()
    assert _says_unavailable(page.layout())


def test_a_corrupt_build_gives_a_sentence_then_the_page_recovers(settings, page, monkeypatch):
    monkeypatch.setenv("COPILOTE_WAREHOUSE_DIR", str(settings.warehouse_dir))
    settings.builds_dir.mkdir(parents=True)
    (settings.builds_dir / "broken.duckdb").write_bytes(b"not a database" * 1000)
    settings.pointer_path.write_text("builds/broken.duckdb\n", encoding="utf-8")
    assert _says_unavailable(page.layout())
    outcome = run(settings)  # published: the next page load shows the figures, no restart
    assert outcome.exit_code == 0, outcome.message
    assert _by_id(page.layout(), "overview-kpi-new-parcours-value") is not None
    queries.close()


def test_completeness_says_which_months_may_be_missing_data(page):
    rows = [(date(2025, 11, 1), 9, 10), (date(2025, 12, 1), 10, 10), (date(2026, 1, 1), 5, 10)]
    note = page.completeness_note(rows, ViewState())
    text = " ".join(_texts(note))
    assert "24/30" not in text and f"80{N}%" in text  # 24 of 30 site-months reported
    assert f"janvier 2026 (50{N}%)" in text and "novembre 2025 (" not in text
    assert _by_id(note, "overview-completeness-link").href == "/qualite"
    assert "Aucun mois sous 80" in " ".join(_texts(page.completeness_note(rows[:2], ViewState())))


def test_the_overview_links_its_territory_to_the_quality_detail(served, page):
    tree = page.layout(territoire="R84")
    assert _by_id(tree, "overview-completeness-link").href == "/qualite?territoire=R84"


def test_the_monthly_series_equals_the_period_figures_month_by_month(served):
    """Two SQL paths (per month of start/end/activity, and per period): the same figures."""
    scope = queries.Scope.national_internal()
    year = queries.Filters(
        date(2024, 1, 1), date(2024, 12, 31), date(2023, 1, 1), date(2023, 12, 31)
    )
    monthly = queries.overview_monthly(scope, year, date(2024, 1, 1), date(2024, 12, 1))
    assert monthly.height == 12
    for row in monthly.iter_rows(named=True):
        start = row["period"]
        end = parse_period(f"{start:%Y-%m}").end
        month = queries.Filters(start, end, start, end)
        counts = queries.overview_kpis(scope, month).filter(pl.col("period") == "current")
        expected = counts.row(0, named=True) if counts.height else {}
        for key, value in row.items():
            if key != "period":
                assert (expected.get(key) or 0) == pytest.approx(value or 0), (start, key)


def test_outcomes_settle_in_calendar_months():
    counts = _counts(employed_6m=1, outcome_6m_known=2, energy_saved_kwh=10.0)
    empty = pl.DataFrame({"period": []})
    july = parse_period("2025-07")  # 31 July + 6 months = 31 January
    before = {f.key: f for f in figures(counts, empty, july, date(2026, 1, 30))}
    after = {f.key: f for f in figures(counts, empty, july, date(2026, 1, 31))}
    assert before["employment_6m"].provisional and not after["employment_6m"].provisional
    assert after["energy_saved"].provisional  # t6 surveys come in during the 7th month
    assert after["energy_saved"].change is None  # an unsettled sum is not compared
    assert not figures(counts, empty, july, date(2026, 2, 28))[5].provisional


def test_cost_needs_a_payment_in_the_period():
    empty = pl.DataFrame({"period": []})
    counts = {
        "current": {"payments_eur": 0.0, "parcours_funded_by_share": 12.5},
        "previous": {"payments_eur": 1000.0, "parcours_funded_by_share": 10.0},
    }
    cost = {f.key: f for f in figures(counts, empty, parse_period("2025"), AS_OF)}
    assert cost["cost_per_parcours"].value is None and cost["cost_per_parcours"].change is None
    assert cost["cost_per_parcours"].previous_value == 100.0


def test_a_programme_target_applies_to_the_whole_programme_only(served, page):
    whole = page.layout(periode="2024", programme="PRG-C2E")
    part = page.layout(periode="2024", programme="PRG-C2E", territoire="R84")
    assert _by_id(whole, "overview-kpi-new-parcours-target") is not None
    assert _by_id(part, "overview-kpi-new-parcours-target") is None


def test_completeness_covers_the_months_of_the_view(page):
    assert page.view_months(ViewState(periode="2024-T2"), AS_OF) == [
        date(2024, 4, 1),
        date(2024, 5, 1),
        date(2024, 6, 1),
    ]
    year_to_date = page.view_months(ViewState(), AS_OF)
    assert year_to_date[0] == date(2026, 1, 1) and year_to_date[-1] == date(2026, 10, 1)
    assert len(page.view_months(ViewState(periode="2026-11"), AS_OF)) == 12  # none full: last 12
