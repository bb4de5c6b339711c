"""The territories page: its map context rules, measures, ranking and click handling as plain
functions, and its figures against an oracle written apart, on a real demo build."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from dashboard import figures, measures
from dashboard.state import from_query, from_search
from dashboard.territories_data import (
    INCOMPLETE,
    NO_SITE,
    NO_VALUE,
    SHOWN,
    context,
    territories,
)
from tests.conftest import query

GEOGRAPHY = pl.DataFrame(
    {
        "level": ["region", "region", "departement", "departement", "departement", "zone", "zone",
                  "zone"],
        "code": ["84", "11", "69", "01", "75", "8405", "8406", "1101"],
        "name": ["Auvergne-Rhône-Alpes", "Île-de-France", "Rhône", "Ain", "Paris", "Lyon",
                 "Bourg", "Paris"],
        "reg_codes": [["84"], ["11"], ["84"], ["84"], ["11"], ["84"], ["84"], ["11"]],
        "dep_codes": [[], [], ["69"], ["01"], ["75"], ["69", "01"], ["01"], ["75"]],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("query_values", "level", "codes", "trail"),
    [
        ({}, "region", ("11", "84"), ("FR",)),
        ({"niveau": "departement"}, "departement", ("01", "69", "75"), ("FR",)),
        ({"niveau": "zone"}, "zone", ("1101", "8405", "8406"), ("FR",)),
        ({"territoire": "R84"}, "departement", ("01", "69"), ("FR", "R84")),
        ({"territoire": "R84", "niveau": "zone"}, "zone", ("8405", "8406"), ("FR", "R84")),
        ({"territoire": "D69"}, "zone", ("8405",), ("FR", "R84", "D69")),
        ({"territoire": "D01"}, "zone", ("8405", "8406"), ("FR", "R84", "D01")),
        ({"territoire": "Z8406"}, "zone", ("8405", "8406"), ("FR", "R84", "Z8406")),
        ({"territoire": "R93"}, "region", ("11", "84"), ("FR",)),  # unknown: France
    ],
)
def test_map_context_follows_the_drill_down(query_values, level, codes, trail):
    found = context(from_query(query_values), GEOGRAPHY)
    assert (found.level, found.codes, found.trail) == (level, codes, trail)


def test_a_zone_crossing_a_border_is_under_every_departement_it_touches():
    """PRODUCT.md: a zone touching two départements is drawn under each of them."""
    under_ain = context(from_query({"territoire": "D01"}), GEOGRAPHY).codes
    under_rhone = context(from_query({"territoire": "D69"}), GEOGRAPHY).codes
    assert "8405" in under_ain and "8405" in under_rhone


def test_measures_compute_rates_medians_and_caseload_from_counts():
    row = {
        "outcome_base": 200,
        "returns_to_employment": 96,
        "median_duration_days": 151.5,
        "closed_parcours": 210,
        "active_people": 300,
        "fte": 2.5,
        "co2e_avoided_kg": 12_345.0,
        "energy_measured": 40,
    }
    rate = measures.measure("return_to_employment_rate")
    assert rate.value(row) == pytest.approx(0.48) and rate.count(row) == 200
    assert measures.measure("median_duration").value(row) == 151.5
    assert measures.measure("caseload").value(row) == pytest.approx(120)
    assert measures.measure("co2e_avoided").value(row) == pytest.approx(12.345)
    assert rate.value({"outcome_base": 0, "returns_to_employment": 0}) is None
    assert measures.measure("not-a-measure").key == measures.DEFAULT


def test_measure_formats_carry_french_units():
    assert measures.format_value(measures.RATE, 0.482, "fr") == "48,2\u202f%"
    assert measures.format_value(measures.ENERGY, 1_234_567, "fr") == "1\u202f235\u202fMWh/an"
    assert measures.format_value(measures.DAYS, 42, "en") == "42 days"
    assert measures.format_value(measures.COUNT, None, "fr") == "—"


def test_every_measure_has_words_in_both_languages():
    from dashboard.i18n import catalog

    for lang in ("fr", "en"):
        words = catalog(lang)
        for m in measures.MEASURES:
            assert f"kpi.{m.key}.label" in words and f"kpi.{m.key}.definition" in words
            assert f"measure.legend.{m.kind}" in words
            if m.base:
                assert f"territories.base.{m.base}" in words


def test_territory_status_sets_apart_missing_sites_low_completeness_and_no_value():
    ctx = context(from_query({"niveau": "departement"}), GEOGRAPHY)
    counts = pl.DataFrame(
        {"level": ["departement"] * 2, "code": ["69", "01"], "active_people": [500, 40],
         "outcome_base": [10, 0], "returns_to_employment": [5, 0]}
    )  # fmt: skip
    sites = pl.DataFrame(
        {"level": ["departement"] * 2, "code": ["69", "01"], "sites": [4, 1],
         "fte": [3.0, 1.0], "expected": [48, 12], "reported": [47, 6]}
    )  # fmt: skip
    rate = measures.measure("return_to_employment_rate")
    found = {x.code: x for x in territories(ctx, rate, counts, sites, GEOGRAPHY)}
    assert found["69"].status == SHOWN and found["69"].value == 0.5 and found["69"].count == 10
    assert found["01"].status == INCOMPLETE  # 6 of 12 months reported: greyed, not "low"
    assert found["75"].status == NO_SITE and found["75"].value is None
    people = {x.code: x for x in territories(ctx, measures.measure(None), counts, sites.head(1),
                                             GEOGRAPHY)}  # fmt: skip
    assert people["01"].status == SHOWN and people["01"].value == 40  # activity, no site row
    complete = sites.with_columns(reported=pl.col("expected"))  # every month reported
    found = {x.code: x for x in territories(ctx, rate, counts, complete, GEOGRAPHY)}
    assert found["01"].status == NO_VALUE and found["01"].count == 0  # no closed parcours yet


@pytest.fixture(scope="module")
def page():
    """The page module as Dash imports it (register_page needs an app to exist first)."""
    from dashboard.app import create_app

    create_app()
    from dashboard.pages import territories as module

    return module


def test_a_click_on_the_map_drills_down_and_keeps_the_view(page):
    clicked_search = page.clicked_search

    click = {"points": [{"location": "84", "curveNumber": 0}]}
    assert clicked_search(click, "?periode=2025&mesure=drop_out_rate") == (
        "?periode=2025&territoire=R84&mesure=drop_out_rate"
    )
    assert from_search(clicked_search({"points": [{"location": "69"}]}, "?territoire=R84")) == (
        from_query({"territoire": "D69"})
    )
    zone = clicked_search({"points": [{"location": "8405"}]}, "?territoire=D69")
    assert from_search(zone).territoire == "Z8405"
    assert clicked_search({"points": [{"location": "8405"}]}, "?territoire=Z8405") is None
    for junk in (None, {}, {"points": []}, {"points": [{"location": ["84"]}]},
                 {"points": [{"location": "84'; drop table x"}]}, {"points": ["84"]}):  # fmt: skip
        assert clicked_search(junk, "?territoire=R84") is None


def test_map_traces_carry_values_not_geometry():
    rows = [
        figures.MapRow("69", 48.2, ("Rhône", "48,2 %", "sur 120"), "shown", selected=True),
        figures.MapRow("01", None, ("Ain", "—", ""), "greyed"),
        figures.MapRow("75", None, ("Paris", "Aucun", ""), "empty"),
    ]
    traces = figures.map_traces(rows, "/assets/geo/departement.geojson", "%")
    assert [list(t["locations"]) for t in traces] == [["69"], ["01"], ["75"]]
    assert all(t["geojson"] == "/assets/geo/departement.geojson" for t in traces)
    assert list(traces[0]["marker"]["line"]["width"]) == [3]
    size = len(json.dumps(traces, default=list))
    assert size < 3_000, size  # codes, values and hover words only


# --- on a real build ----------------------------------------------------------------------


PEOPLE_BY_DEPARTEMENT = """
select dep_code, count(distinct beneficiary_id)
from marts.fct_parcours
where started_on <= $last and (ended_on is null or ended_on >= $first)
group by dep_code
"""
RETURNS_BY_ZONE = """
select ze_code,
       count(*) filter (where exit_outcome in ('emploi_durable', 'emploi_transition')),
       count(*) filter (where exit_outcome <> 'demenagement_reorientation')
from marts.fct_parcours
where ended_on between $first and $last
group by ze_code
"""

# pages and builders read the user's scope from the request: these run as the data steward
pytestmark = pytest.mark.usefixtures("as_admin")


def test_departement_values_equal_an_oracle(demo_dashboard):
    demo_build = demo_dashboard
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    expected = dict(query(demo_build, PEOPLE_BY_DEPARTEMENT, params={"first": first,
                                                                      "last": last}))  # fmt: skip
    view = _load(demo_build, {"periode": "2025", "niveau": "departement"})
    assert len(view.territories) == 101  # every département of the reference is drawn
    shown = {x.code: x.value for x in view.territories if x.value is not None}
    assert shown == {code: float(n) for code, n in expected.items()}


def test_zone_rates_and_their_bases_equal_an_oracle(demo_dashboard):
    demo_build = demo_dashboard
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    expected = {
        code: (returns / base if base else None, base)
        for code, returns, base in query(demo_build, RETURNS_BY_ZONE, params={"first": first,
                                                                              "last": last})
    }  # fmt: skip
    view = _load(
        demo_build, {"periode": "2025", "niveau": "zone", "mesure": "return_to_employment_rate"}
    )
    for zone in view.territories:
        if zone.code in expected:
            value, base = expected[zone.code]
            assert zone.count == base
            assert zone.value == pytest.approx(value) if value is not None else zone.value is None


def test_portrait_and_ranking_of_a_region(demo_dashboard, page):
    from dashboard.components.territories import ranking_spec
    from tests.component_tree import by_id, texts

    view = _load(demo_dashboard, {"territoire": "R84", "periode": "2025"})
    assert view.context.level == "departement"
    assert {x.code for x in view.territories} == {
        "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"
    }  # fmt: skip
    spec = ranking_spec(view, from_query({"territoire": "R84", "periode": "2025"}))
    frame = spec.frame()
    values = [v for v in frame.get_column(frame.columns[3]).to_list() if v is not None]
    assert values == sorted(values, reverse=True) and values
    assert frame.get_column("Rang").drop_nulls().to_list() == list(range(1, len(values) + 1))
    subtitle, crumbs, table = page.ranking(view, from_query({"territoire": "R84"}))
    card = page.subject_portrait(view, from_query({"territoire": "R84"}))
    months = page.subject_trend("?territoire=R84&periode=2025")
    assert by_id(months, "territories-trend-sparkline") is not None
    assert len(by_id(months, "territories-trend").children[1].children[1].children) == 12
    assert subtitle == "2025 · tous les publics et financeurs"
    assert by_id(table[1], "territories-ranking") is not None
    words = texts(card)
    assert "France" in " ".join(words) and "Auvergne-Rhône-Alpes" in " ".join(words)
    assert "France" in texts(crumbs)


def _load(settings, values: dict):
    """The page's view of `values` (the dashboard reads `settings`' warehouse: see the fixture;
    oracle reads come first, before the dashboard opens the file)."""
    from dashboard import queries
    from dashboard.territories_data import load

    assert settings.warehouse_dir  # the fixture pointed the dashboard at it
    return load(queries.Scope.national_internal(), from_query(values))


def test_a_person_with_two_parcours_in_the_period_counts_once(settings, published, dashboard_env):
    """The sample's returning person has parcours in 2024 and 2025 at the same site: over both
    years the person is one of the active people, at every level."""
    from dashboard import queries

    first, last = date(2024, 1, 1), date(2025, 12, 31)
    oracle = """
        select count(distinct beneficiary_id), count(*) from marts.fct_parcours
        where started_on <= $last and (ended_on is null or ended_on >= $first)
        and dep_code = '69'
    """
    people, parcours = query(settings, oracle, params={"first": first, "last": last})[0]
    assert parcours > people  # the same person twice: the count must not add them up
    counts = queries.territories_kpis(queries.Scope.national_internal(), first, last)
    found = dict(counts.filter(pl.col("level") == "departement").select("code", "active_people")
                 .iter_rows())  # fmt: skip
    assert found["69"] == people


def test_the_layout_says_what_the_measure_means_and_leaves_the_territory_to_the_map(
    demo_dashboard, page
):
    from dashboard.i18n import t
    from tests.component_tree import by_id, texts

    layout = page.layout(mesure="drop_out_rate", territoire="R84")
    definition = by_id(layout, "territories-definition")
    assert definition.children == t("kpi.drop_out_rate.definition")
    assert "Région" not in texts(by_id(layout, "filters"))  # the map and breadcrumb choose it
    level = by_id(layout, {"type": "filter", "name": "niveau"})
    assert [o["label"] for o in level.options] == ["Départements", "Zones d'emploi"]
