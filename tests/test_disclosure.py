"""The small-count rule on every way out (PRODUCT.md publishing rule, SECURITY.md 7–8), on a real
demo build through the real Flask app. Protected audiences — the committee, a funder, a director
outside its région — get published figures only: no count from 1 to 10 and no rate, median or
energy figure on fewer than 11, in pages, map hover labels, tables, CSV exports and the funder's
report, judged against the exact figures computed here with the pipeline's cells query (before
protection); differencing a total and its parts recovers nothing; internal roles keep exact
figures; a view that is not a published grain gets a sentence."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.app import create_app
from dashboard.exports import BOM
from pipelines import sqlfiles
from tests import callbacks
from tests.accounts import log_in
from tests.conftest import open_build

KEY = ("period_kind", "period_start", "level", "code", "slice", "segment")
SEGMENTS = ("moins_26", "qpv", "minima_sociaux", "deld", "precarite_energetique")
PROTECTED = ("comite", "financeur-ft", "direction-84")
FUNDER = "FT"
# a card or map measure: what it counts (a count) or its numerator and base (a rate)
COUNTS = {"active_people": "active_people", "new_parcours": "new_parcours"}
RATES = {
    "return_to_employment_rate": ("returns_to_employment", "outcome_base"),
    "positive_exit_rate": ("positive_exits", "outcome_base"),
    "employment_6m": ("employed_6m", "outcome_6m_known"),
    "share_saving_30": ("savings_30", "measured_savings"),
    "drop_out_rate": ("drop_outs", "outcome_base"),
    "priority_public_share": ("new_priority_public", "new_parcours"),
}
WITHHELD = ("< 11", "secret")
AS_OF = date(2026, 11, 24)  # the demo build's
NUMBER = re.compile(r"-?[0-9][0-9\u202f\u00a0 ]*(?:,[0-9]+)?")


@pytest.fixture(scope="module")
def exact(demo_build) -> dict[tuple, dict]:
    """Every published grain's exact figures (the pipeline's cells query, before protection),
    by key; and the build's programmes."""
    with open_build(demo_build) as con:
        as_of = con.execute("select as_of from meta.runs").fetchall()[0][0]
        cells = con.sql(sqlfiles.read("protect/published_cells.sql"), params={"as_of": as_of})
        rows = cells.pl().iter_rows(named=True)
        return {tuple(row[k] for k in KEY): row for row in rows}


@pytest.fixture(scope="module")
def places(demo_build) -> dict[str, list[str]]:
    with open_build(demo_build) as con:
        found = con.sql(
            "select distinct 'R' || reg_code, 'D' || dep_code, 'Z' || ze_code from marts.dim_site"
        ).fetchall()
        programmes = con.sql("select programme_id, funder_id from marts.dim_programme").fetchall()
        regions = con.sql(
            "select 'D' || dep_code, [reg_code] from marts.dim_departement union all "
            "select 'Z' || ze_code, reg_codes from marts.dim_zone_emploi"
        ).fetchall()
    return {
        "regions": {code: list(found) for code, found in regions},
        "R": sorted({r for r, _, _ in found}),
        "D": sorted({d for _, d, _ in found}),
        "Z": sorted({z for _, _, z in found}),
        "programmes": sorted(p for p, _ in programmes),
        "own": sorted(p for p, f in programmes if f == FUNDER),
    }


@pytest.fixture(scope="module")
def app(exact, places, demo_build):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPILOTE_WAREHOUSE_DIR", str(demo_build.warehouse_dir))
        yield create_app()


@pytest.fixture
def clients(app) -> dict:
    """A signed-in client per account (the accounts live in each test's app-state copy)."""
    found = {}
    for username in (*PROTECTED, "admin", "direction-11"):
        found[username] = app.server.test_client()
        log_in(found[username], username)
    return found


# --- reading what a response shows ---------------------------------------------------------------


def _number(text: str) -> float | None:
    """The number a shown value holds (1 234 / 12,5 % / 3,4 MWh/an), None for anything else."""
    match = NUMBER.search(text or "")
    if match is None:
        return None
    digits = re.sub(r"[\u202f\u00a0 ]", "", match[0]).replace(",", ".")
    return float(digits)


def _card(answer: dict, key: str) -> str | None:
    node = callbacks.by_id(answer, f"overview-kpi-{key.replace('_', '-')}-value")
    return None if node is None else node["props"]["children"]


def _map(client, app, search: str) -> dict[str, str]:
    """Territory code → the value its hover label shows, from the map's Patch."""
    spec = app.callback_map["territories-map.figure"]
    answer = callbacks.post(client, "territories-map.figure", spec, lambda i, p: search)
    shown = {}
    for operation in answer.get_json()["response"]["territories-map"]["figure"]["operations"]:
        traces = operation.get("params", {}).get("value")
        for trace in traces if isinstance(traces, list) else []:
            for code, hover in zip(trace["locations"], trace["customdata"], strict=True):
                shown[code] = hover[1]
    return shown


def _csv(response) -> list[dict[str, str]]:
    text = response.get_data(as_text=True).removeprefix(BOM)
    lines = text.split("\r\n")
    return list(
        csv.DictReader(io.StringIO("\r\n".join(lines[lines.index("") + 1 :])), delimiter=";")
    )


# --- the oracle ----------------------------------------------------------------------------------


def _period(code: str) -> tuple[str, date] | None:
    if m := re.fullmatch(r"(\d{4})", code):
        return "year", date(int(m[1]), 1, 1)
    if m := re.fullmatch(r"(\d{4})-T([1-4])", code):
        return "quarter", date(int(m[1]), 3 * int(m[2]) - 2, 1)
    return None


def _place(territory: str) -> tuple[str, str]:
    if territory == "FR":
        return "france", "FR"
    return {"R": "region", "D": "departement", "Z": "zone"}[territory[0]], territory[1:]


def _slice(user: str, funder: str | None, programme: str | None) -> str:
    if programme:
        return f"P:{programme}"
    if user.startswith("financeur"):
        return f"F:{FUNDER}"
    return f"F:{funder}" if funder else "*"


def _check_count(shown: str, cell: dict | None, column: str, where: str) -> None:
    """A count shown is the exact one and never from 1 to 10; "< 11" only over 1 to 10."""
    true = (cell or {}).get(column) or 0
    if shown in WITHHELD:
        assert shown != "< 11" or 1 <= true <= 10, (where, column, true)
        return
    value = _number(shown)
    if value is None:
        return
    assert not 1 <= value <= 10, (where, column, shown)
    assert value == true, (where, column, shown, true)


def _check_rate(shown: str, cell: dict | None, part: str, base: str, where: str) -> None:
    """A rate shown rests on 11 or more, with no count from 1 to 10 on either side of it."""
    if shown in WITHHELD or _number(shown) is None:
        return
    cell = cell or {}
    whole, numerator = cell.get(base) or 0, cell.get(part) or 0
    assert whole >= 11, (where, part, base, whole)
    assert not 1 <= numerator <= 10 and not 1 <= whole - numerator <= 10, (where, part, numerator)


# --- the property: no small count on any way out, whatever the view -----------------------------


VIEWS = st.fixed_dictionaries(
    {
        "user": st.sampled_from(PROTECTED),
        "period": st.sampled_from(
            [str(y) for y in range(2020, 2027)]
            + [f"{y}-T{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
            + ["2025-06", "2024-01-15..2024-03-31"]
        ),
        "level": st.sampled_from(("FR", "R", "D", "Z")),
        "pick": st.integers(0, 10_000),
        "funder": st.sampled_from((None, None, "FT", "REG-84", "OBL-C2E")),
        "programme": st.sampled_from((None, None, None, "own", "any")),
        "public": st.sampled_from((None, None, *SEGMENTS)),
        "measure": st.sampled_from(tuple(COUNTS) + tuple(RATES)),
    }
)


def _view(view: dict, places: dict) -> tuple[str, dict]:
    territory = "FR"
    if view["level"] != "FR":
        choices = places[view["level"]]
        territory = choices[view["pick"] % len(choices)]
    programme = None
    if view["programme"]:
        choices = places["own" if view["programme"] == "own" else "programmes"]
        programme = choices[view["pick"] % len(choices)]
    params = {
        "periode": view["period"],
        "territoire": territory,
        "financeur": view["funder"],
        "programme": programme,
        "public": view["public"],
        "mesure": view["measure"],
    }
    search = "?" + "&".join(f"{k}={v}" for k, v in params.items() if v)
    return search, {**params, "territoire": territory}


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(view=VIEWS)
def test_no_small_count_reaches_a_protected_audience(app, clients, exact, places, view):
    search, params = _view(view, places)
    user, client = view["user"], clients[view["user"]]
    territory = params["territoire"]
    if user == "direction-84" and places["regions"].get(territory, [territory[1:]]) == ["84"]:
        return  # its own région: exact figures (test_internal_roles_read_exact_figures)
    period = _period(params["periode"])
    slice_ = _slice(user, params["financeur"], params["programme"])
    if (
        user.startswith("financeur")
        and slice_.startswith("P:")
        and params["programme"] not in places["own"]
    ):
        slice_ = None  # another funder's programme: nothing (checked in test_security_scope)
    key = (period and period[0], period and period[1], *_place(params["territoire"]), slice_,
           params["public"] or "*")  # fmt: skip
    where = f"{user} {search}"

    # the overview's cards and its CSV export
    answer = callbacks.page(client, "/", search).get_json()
    exported = client.get(f"/export/vue-ensemble-indicateurs.csv{search}")
    if period is None:
        assert callbacks.by_id(answer, "overview-not-published") is not None, where
        assert exported.status_code == 403, where
    else:
        cards = {k: _card(answer, k) for k in (*COUNTS, *RATES)}
        if all(v is None for v in cards.values()):  # a grain not published: said so
            assert callbacks.by_id(answer, "overview-not-published") is not None, where
        elif slice_ is not None:
            cell = exact.get(key)
            for name, column in COUNTS.items():
                _check_count(cards[name], cell, column, where)
            for name, (part, base) in RATES.items():
                if cards.get(name) is not None:
                    _check_rate(cards[name], cell, part, base, where)
        if exported.status_code == 200:
            for row in _csv(exported):
                value = _number(row["Valeur"]) if row["Unité"] == "nombre" else None
                if value is not None and "formés" not in row["Indicateur"]:
                    assert not 1 <= value <= 10, (where, row)

    # the territories map's hover labels and the ranking's CSV
    shown = _map(client, app, search)
    if period is not None and slice_ is not None and shown:
        level = {"F": "region", "R": "departement"}.get(params["territoire"][0], "zone")
        for code, text in shown.items():
            cell = exact.get((period[0], period[1], level, code, slice_, params["public"] or "*"))
            if view["measure"] in COUNTS:
                _check_count(text, cell, COUNTS[view["measure"]], f"{where} map {code}")
            else:
                part, base = RATES[view["measure"]]
                _check_rate(text, cell, part, base, f"{where} map {code}")
    ranking = client.get(f"/export/territoires-classement.csv{search}")
    if ranking.status_code == 200:
        for row in _csv(ranking):
            for column, text in row.items():
                if column.startswith(("Valeur (nombre)", "Base")):
                    value = _number(text)
                    assert value is None or not 1 <= value <= 10, (where, row)

    # the funders' impact table (whole counts) and its CSV
    impact = client.get(f"/export/financeurs-impact.csv{search}")
    if impact.status_code == 200:
        for row in _csv(impact):
            for column in ("Parcours démarrés", "Parcours clos (base des taux)"):
                value = _number(row.get(column, ""))
                assert value is None or not 1 <= value <= 10, (where, row)


# --- differencing: a total minus its shown parts never leaves a single hidden one -----------------


def _unknowns(texts: list[str | None]) -> int:
    return sum(text in WITHHELD for text in texts)


@pytest.mark.parametrize("measure", ["new_parcours", "active_people"])
@pytest.mark.parametrize("period", ["2021", "2023", "2024-T2", "2025-T4", "2026"])
def test_france_minus_its_regions_recovers_nothing(app, clients, measure, period):
    client = clients["comite"]
    search = f"?periode={period}&mesure={measure}"
    france = _card(callbacks.page(client, "/", search).get_json(), measure)
    regions = _map(client, app, search)
    assert regions and france is not None
    assert _unknowns([france, *regions.values()]) != 1, (search, france, regions)


@pytest.mark.parametrize("territory", ["R84", "R11", "R93", "R32"])
@pytest.mark.parametrize("period", ["2022", "2024-T3", "2026"])
def test_a_region_minus_its_departements_recovers_nothing(app, clients, territory, period):
    client = clients["comite"]
    search = f"?periode={period}&territoire={territory}&mesure=new_parcours"
    region = _card(callbacks.page(client, "/", search).get_json(), "new_parcours")
    departements = _map(client, app, search)
    assert departements and region is not None
    assert _unknowns([region, *departements.values()]) != 1, (search, region, departements)


@pytest.mark.parametrize("territory", ["FR", "R84", "R11", "D13", "D69", "R94"])
@pytest.mark.parametrize("year", [2021, 2024, 2026])
def test_a_year_minus_its_quarters_recovers_nothing(clients, territory, year):
    client = clients["comite"]

    def card(period: str) -> str | None:
        search = f"?periode={period}&territoire={territory}"
        return _card(callbacks.page(client, "/", search).get_json(), "new_parcours")

    quarters = [card(f"{year}-T{q}") for q in range(1, 5) if date(year, 3 * q - 2, 1) <= AS_OF]
    assert _unknowns([card(str(year)), *quarters]) != 1, (territory, year)


def test_a_funder_minus_its_other_programmes_recovers_nothing(clients):
    client = clients["comite"]
    for period in ("2022", "2024", "2025-T1", "2026"):
        impact = client.get(f"/export/financeurs-impact.csv?periode={period}&financeur={FUNDER}")
        rows = _csv(impact)
        assert len(rows) >= 3  # its programmes and its total
        started = [_shown_csv(row, "Parcours démarrés") for row in rows]
        assert _unknowns(started) != 1, (period, started)


def _shown_csv(row: dict, column: str) -> str:
    """A count of an exported row, or what the small-count rule says in its place."""
    for part in (row.get("Secret statistique") or "").split("; "):
        if part.startswith(f"{column} : "):
            return part.removeprefix(f"{column} : ")
    return row[column]


# --- internal roles, views not published, what the screen says ------------------------------------


def test_internal_roles_read_exact_figures(clients, exact, places):
    """The data steward everywhere, a director within its région: exact figures, small counts
    included; the committee, and the director outside its région, "< 11"."""
    small = sorted(
        (key[1].year, key[3], row["new_parcours"])
        for key, row in exact.items()
        if key[0] == "year" and key[2] == "departement" and key[4:] == ("*", "*")
        and 1 <= row["new_parcours"] <= 10
    )  # fmt: skip
    inside = [s for s in small if places["regions"][f"D{s[1]}"] == ["84"]]
    outside = [s for s in small if places["regions"][f"D{s[1]}"] != ["84"]]
    assert inside and outside, "the demo build has small départements in and out of région 84"
    for year, code, count in [*inside[:3], *outside[:3]]:
        search = f"?periode={year}&territoire=D{code}"
        shown = {
            user: _card(callbacks.page(clients[user], "/", search).get_json(), "new_parcours")
            for user in ("admin", "direction-84", "comite")
        }
        director = str(count) if (year, code, count) in inside else "< 11"
        assert shown == {"admin": str(count), "direction-84": director, "comite": "< 11"}, search


def test_a_view_not_published_gets_a_sentence(clients):
    client = clients["comite"]
    for search, reason in (
        ("?periode=2025-06", "period"),
        ("?periode=2024-01-15..2024-03-31", "period"),
        ("?periode=2024-T2&public=qpv", "segment"),
        ("?periode=2024&territoire=D13&programme=PRG-FT-2024", "programme"),
    ):
        answer = callbacks.page(client, "/", search).get_json()
        notice = callbacks.by_id(answer, "overview-not-published")
        assert notice is not None, search
        assert T_NOT_PUBLISHED[reason] in " ".join(callbacks.texts(notice)), search
        exported = client.get(f"/export/vue-ensemble-indicateurs.csv{search}")
        assert exported.status_code == 403 and "n'est pas publiée" in exported.get_data(True)
    # the same views are the data steward's to read
    answer = callbacks.page(clients["admin"], "/", "?periode=2025-06").get_json()
    assert callbacks.by_id(answer, "overview-not-published") is None
    assert _card(answer, "new_parcours") not in (None, *WITHHELD)


def test_the_screen_says_what_a_withheld_figure_means(clients, exact):
    year, code = next(
        (key[1].year, key[3])
        for key, row in sorted(exact.items())
        if key[0] == "year" and key[2] == "departement" and key[4:] == ("*", "*")
        and 1 <= row["new_parcours"] <= 10
    )  # fmt: skip
    answer = callbacks.page(clients["comite"], "/", f"?periode={year}&territoire=D{code}")
    answer = answer.get_json()
    card = callbacks.by_id(answer, "overview-kpi-new-parcours-value")
    assert card["props"]["children"] == "< 11"
    assert "Moins de 11" in card["props"]["title"]
    note = callbacks.by_id(answer, "overview-disclosure")
    assert note is not None and "de 1 à 10 personnes" in note["props"]["children"]
    exported = _csv(clients["comite"].get(
        f"/export/vue-ensemble-indicateurs.csv?periode={year}&territoire=D{code}"
    ))  # fmt: skip
    row = next(r for r in exported if r["Indicateur"] == "Nouveaux parcours")
    assert (row["Valeur"], row["Secret statistique"]) == ("", "< 11")


T_NOT_PUBLISHED = {
    "period": "années ou des trimestres entiers",
    "segment": "par année entière",
    "programme": "pour la France et les régions",
}


def test_protected_audiences_are_offered_published_periods_only(clients):
    """The filter bar offers what the user's figures are published at: years and quarters (the
    dates not editable) to the committee, months too to the data steward."""
    from dashboard.components.filters import control_id

    for user, internal in (("comite", False), ("financeur-ft", False), ("admin", True)):
        answer = callbacks.page(clients[user], "/", "?periode=2024").get_json()
        select = callbacks.by_id(answer, control_id("periode"))
        values = [o["value"] for o in select["props"]["options"]]
        assert "2024-T2" in values and "2023" in values, user
        assert ("2024-06" in values) is internal, user
        start = callbacks.by_id(answer, control_id("du"))
        assert bool(start["props"].get("disabled")) is not internal, user


def test_professionals_trained_are_published_for_france_by_year_only(clients):
    """A year and its quarters, or France and its régions, would give a small count by
    difference: protected audiences see the national yearly figure only."""
    for search, shown in (("?periode=2024", True), ("?periode=2024-T2", False),
                          ("?periode=2024&territoire=R84", False)):  # fmt: skip
        committee = _card(callbacks.page(clients["comite"], "/", search).get_json(),
                          "professionals_trained")  # fmt: skip
        admin = _card(callbacks.page(clients["admin"], "/", search).get_json(),
                      "professionals_trained")  # fmt: skip
        assert (committee == admin) is shown, (search, committee, admin)
        assert shown or committee == "—", (search, committee)


def test_all_programmes_minus_the_shown_ones_recovers_nothing():
    """The conventions' total by share is the sum of the programmes': when one programme's is
    withheld with its count, the total is too (it would give it back by difference)."""
    from dashboard.funders_data import _with_published, withheld

    conventions = pl.DataFrame(
        {
            "level": ["programme", "programme", "funder", "all"],
            "funder_id": ["FA", "FA", "FA", None],
            "programme_id": ["A", "B", None, None],
            "parcours_started": [7, 40, 47, None],
            "parcours_started_by_share": [3.5, 20.0, 23.5, 23.5],
        }
    )
    cells = pl.DataFrame(
        {
            "slice": ["P:A", "P:B", "F:FA"],
            "new_parcours": [None, 40, None],
            "small_counts": [["new_parcours"], [], []],
            "hidden_counts": [["new_parcours"], [], ["new_parcours"]],
        }
    )
    rows = {r["level"] + str(r["programme_id"]): r for r in
            _with_published(conventions, cells).iter_rows(named=True)}  # fmt: skip
    assert withheld(rows["programmeA"]) == {"parcours_started": "small",
                                            "parcours_started_by_share": "hidden"}  # fmt: skip
    assert rows["programmeB"]["parcours_started_by_share"] == 20.0
    assert rows["allNone"]["parcours_started_by_share"] is None  # else A = all − B
    assert withheld(rows["allNone"])["parcours_started_by_share"] == "hidden"
