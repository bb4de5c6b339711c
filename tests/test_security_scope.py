"""SECURITY.md test plan items 1, 3, 4, 6 and 9 on a real demo build, through the real Flask app:
every server callback × every role × adversarial inputs gives in-scope data or a refusal (never
a traceback or a database error); a funder sees its own programmes whatever it types, crafts or
exports, judged by oracles written here in SQL, apart from the dashboard's queries; answers
kept by the data layer never cross scopes; SQL metacharacters are harmless non-matches."""

from __future__ import annotations

import json
import logging
import re

import pytest

from dashboard import exports
from dashboard.app import create_app
from dashboard.i18n import format_int
from tests import callbacks
from tests.accounts import log_in
from tests.conftest import query

ROLES = ("admin", "comite", "direction-84", "financeur-ft")
FUNDER = "FT"
OTHER_FUNDER = "REG-84"
YEAR = "2024"
ADVERSARIAL = (
    None,
    [],
    "*",
    "",
    "x" * 5000,
    "R84' OR '1'='1",
    "1; DROP TABLE users; --",
    ["FT", "REG-84"],
    {"financeur": "REG-84"},
    12,
    "REG-84",
    "?financeur=REG-84&programme=*",
    "/qualite",
    "<script>alert(1)</script>",
)
LEAKS = ("Traceback", "duckdb", "sqlite", 'File "', "Binder Error", "Parser Error")


@pytest.fixture(scope="module")
def oracle(demo_build):
    """What the demo build holds, read in SQL written here (before the dashboard opens it)."""
    programmes = query(
        demo_build,
        "select programme_id, programme_name, funder_id, funder_name from marts.dim_programme",
    )
    first, last = f"{YEAR}-01-01", f"{YEAR}-12-31"
    new = "select count(distinct l.parcours_id) from marts.fct_parcours_programme as l where "
    dates = "l.started_on between $first and $last"
    by_region = query(
        demo_build,
        "select p.reg_code, count(*) from marts.fct_parcours as p where p.started_on between "
        "$first and $last and p.parcours_id in (select parcours_id from "
        "marts.fct_parcours_programme where funder_id = $funder) group by 1",
        params={"first": first, "last": last, "funder": FUNDER},
    )
    sites = query(demo_build, "select reg_code, site_name from marts.dim_site")
    return {
        "own_programmes": {p for p, _, f, _ in programmes if f == FUNDER},
        "other_programmes": {p for p, _, f, _ in programmes if f != FUNDER},
        "other_names": {n for _, n, f, _ in programmes if f != FUNDER}
        | {fn for _, _, f, fn in programmes if f != FUNDER},
        "own_names": {n for _, n, f, _ in programmes if f == FUNDER},
        "new_funder": query(
            demo_build,
            new + f"l.funder_id = $f and {dates}",
            params={"f": FUNDER, "first": first, "last": last},
        )[0][0],
        "new_other": query(
            demo_build,
            new + f"l.funder_id = $f and {dates}",
            params={"f": OTHER_FUNDER, "first": first, "last": last},
        )[0][0],
        "new_all": query(
            demo_build,
            "select count(*) from marts.fct_parcours where started_on between $first and $last",
            params={"first": first, "last": last},
        )[0][0],
        "new_by_region": dict(by_region),
        "sites": sites,
    }


@pytest.fixture(scope="module")
def app(oracle, demo_build):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COPILOTE_WAREHOUSE_DIR", str(demo_build.warehouse_dir))
        yield create_app()


def _client(app, username: str):
    client = app.server.test_client()
    log_in(client, username)
    return client


def _forbidden_names(oracle) -> set[str]:
    """Other funders' names that no own name contains (a funder may see its own names)."""
    own = " ".join(oracle["own_names"])
    return {name for name in oracle["other_names"] if name not in own}


@pytest.mark.parametrize("username", ROLES)
def test_every_callback_with_adversarial_inputs_gives_scoped_data_or_a_refusal(
    app, oracle, username, caplog
):
    caplog.set_level(logging.CRITICAL)  # refused requests are logged server-side, on purpose
    client = _client(app, username)
    forbidden = _forbidden_names(oracle) if username.startswith("financeur") else set()
    answered = 0
    for key, spec in callbacks.server_callbacks(app).items():
        for value in ADVERSARIAL:
            response = callbacks.post(client, key, spec, lambda i, p, v=value: v)
            text = response.get_data(as_text=True)
            assert response.status_code in (200, 204, 400), (key, value, text[:300])
            assert not any(leak in text for leak in LEAKS), (key, value, text[:300])
            shown = forbidden & set(callbacks.texts(response.get_json(silent=True)))
            assert not shown, (key, value, shown)
            answered += response.status_code == 200
    assert answered > 20  # most crafted requests are answered (with in-scope data), not refused


@pytest.mark.parametrize(
    "search",
    [
        f"?periode={YEAR}",
        f"?periode={YEAR}&financeur={OTHER_FUNDER}",
        f"?periode={YEAR}&financeur=tous",
        f"?periode={YEAR}&financeur=FT'%20OR%20'1'%3D'1",
        f"?periode={YEAR}&financeur=&financeur={OTHER_FUNDER}",
    ],
)
def test_a_funder_sees_its_own_figures_whatever_the_url_says(app, oracle, search):
    assert len({oracle["new_funder"], oracle["new_other"], oracle["new_all"]}) == 3
    answer = callbacks.page(_client(app, "financeur-ft"), "/", search).get_json()
    card = callbacks.by_id(answer, "overview-kpi-new-parcours-value")
    assert card["props"]["children"] == format_int(oracle["new_funder"])
    options = callbacks.by_id(answer, "filter-programme")
    if options is not None:  # the programme list holds the funder's own programmes only
        listed = {o["value"] for o in options["props"]["options"]} - {"tous"}
        assert listed and listed <= oracle["own_programmes"]


def test_a_programme_of_another_funder_gives_nothing(app, oracle):
    other = sorted(oracle["other_programmes"])[0]
    answer = callbacks.page(_client(app, "financeur-ft"), "/", f"?periode={YEAR}&programme={other}")
    card = callbacks.by_id(answer.get_json(), "overview-kpi-new-parcours-value")
    assert card["props"]["children"] in ("0", "—")


def test_the_admin_sees_the_whole_association_and_any_funder(app, oracle):
    client = _client(app, "admin")
    for search, expected in (
        (f"?periode={YEAR}", oracle["new_all"]),
        (f"?periode={YEAR}&financeur={OTHER_FUNDER}", oracle["new_other"]),
    ):
        card = callbacks.by_id(
            callbacks.page(client, "/", search).get_json(), "overview-kpi-new-parcours-value"
        )
        assert card["props"]["children"] == format_int(expected)


def test_a_tampered_store_does_not_widen_the_territories_of_a_funder(app, oracle):
    """The territories' callbacks read the view from a dcc.Store: a funder writing another
    funder (or none) into it still gets its own parcours, région by région."""
    client = _client(app, "financeur-ft")
    spec = app.callback_map["territories-map.figure"]
    for search in (
        f"?periode={YEAR}&mesure=new_parcours&financeur={OTHER_FUNDER}",
        f"?periode={YEAR}&mesure=new_parcours&financeur=tous",
    ):
        figure = callbacks.post(client, "territories-map.figure", spec, lambda i, p, s=search: s)
        shown = _map_values(figure.get_json())
        _assert_own_published(shown, oracle["new_by_region"])


def _assert_own_published(shown: dict[str, str], own: dict[str, int]) -> None:
    """The figures shown are the funder's own, région by région, as published: the counts from
    11 (some hidden so that a small one cannot be recovered), never one from 1 to 10."""
    assert shown, "no région's figure is shown"
    assert {code: int(text.replace("\u202f", "")) for code, text in shown.items()} == {
        code: own.get(code, 0) for code in shown
    }
    assert not {code for code, n in own.items() if 1 <= n <= 10} & set(shown)
    assert len(shown) >= len([n for n in own.values() if n >= 11]) // 2


def _map_values(answer: dict) -> dict[str, str]:
    """Région code → the value its hover label shows, from the map's Patch (every trace: drawn,
    greyed or empty)."""
    operations = answer["response"]["territories-map"]["figure"]["operations"]
    shown: dict[str, str] = {}
    for operation in operations:
        traces = operation.get("params", {}).get("value")
        for trace in traces if isinstance(traces, list) else []:
            for code, hover in zip(trace["locations"], trace["customdata"], strict=True):
                shown[code] = hover[1]
    return {code: text for code, text in shown.items() if re.fullmatch(r"[0-9\u202f]+", text)}


def test_exports_follow_the_funders_scope(app, oracle):
    client = _client(app, "financeur-ft")
    ranking = client.get(
        f"/export/territoires-classement.csv?periode={YEAR}&mesure=new_parcours"
        f"&financeur={OTHER_FUNDER}"
    )
    assert ranking.status_code == 200
    rows = exports.read_table(ranking.get_data(as_text=True))
    code, value = rows[0].index("Code"), rows[0].index("Valeur (nombre)")
    shown = {row[code]: row[value] for row in rows[1:] if row[value]}
    _assert_own_published(shown, oracle["new_by_region"])
    # the reconciliation holds the association's total: not a funder's
    assert client.get(f"/export/financeurs-rapprochement.csv?periode={YEAR}").status_code == 403
    for name in sorted(n for n in exports.TABLES if n.startswith("financeurs-")):
        if name == "financeurs-rapprochement":
            continue
        answer = client.get(f"/export/{name}.csv?periode={YEAR}&financeur={OTHER_FUNDER}")
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200, name
        assert not (_forbidden_names(oracle) & set(text.replace(";", "\n").split("\n"))), name
        assert not any(p in text for p in oracle["other_programmes"] if len(p) > 6), name


def test_the_funder_report_is_the_funders_own(app, oracle):
    answer = callbacks.page(
        _client(app, "financeur-ft"),
        "/financeurs/rapport",
        f"?financeur={OTHER_FUNDER}&periode={YEAR}",
    ).get_json()
    shown = set(callbacks.texts(answer))
    assert not _forbidden_names(oracle) & shown
    assert any(name in " ".join(shown) for name in oracle["own_names"])


def test_site_detail_is_for_the_head_office_and_the_directors_own_region(app, oracle):
    """A territory's list of points d'accueil: the admin everywhere, a director in its région
    only, the committee and funders nowhere."""
    spec = app.callback_map["territories-portrait-slot.children"]

    def listed(username: str, territory: str) -> set[str]:
        """The site names the portrait shows (its 'name — type' lines)."""
        search = f"?periode={YEAR}&territoire={territory}"
        answer = callbacks.post(
            _client(app, username), "territories-portrait-slot.children", spec, lambda i, p: search
        )
        names = {text.split(" — ")[0] for text in callbacks.texts(answer.get_json())}
        return names & {name for _, name in oracle["sites"]}

    in_84 = {name for reg, name in oracle["sites"] if reg == "84"}
    elsewhere = {name for reg, name in oracle["sites"] if reg == "11"}
    assert in_84 and elsewhere
    assert in_84 & listed("admin", "R84") and elsewhere & listed("admin", "R11")
    assert in_84 & listed("direction-84", "R84")
    assert not elsewhere & listed("direction-84", "R11")
    for username in ("comite", "financeur-ft"):
        assert not (in_84 | elsewhere) & listed(username, "R84") | listed(username, "R11")


@pytest.mark.parametrize("username", ("comite", "direction-84", "financeur-ft"))
def test_the_quality_page_and_its_exports_are_the_data_stewards(app, username):
    client = _client(app, username)
    assert client.get("/qualite").status_code == 403
    answer = callbacks.page(client, "/qualite").get_json()
    assert callbacks.by_id(answer, "quality-forbidden") is not None
    for name in (n for n in exports.TABLES if n.startswith("qualite")):
        assert client.get(f"/export/{name}.csv").status_code == 403, name


def test_kept_answers_never_cross_scopes(app, oracle):
    """The admin's answer is kept first; the funder asking the same view gets its own, and
    the admin its own again."""
    plain = f"?periode={YEAR}"
    for username, view, value in (
        ("admin", plain, oracle["new_all"]),
        ("financeur-ft", plain, oracle["new_funder"]),
        ("admin", plain, oracle["new_all"]),
        ("admin", f"{plain}&financeur={FUNDER}", oracle["new_funder"]),
    ):
        card = callbacks.by_id(
            callbacks.page(_client(app, username), "/", view).get_json(),
            "overview-kpi-new-parcours-value",
        )
        assert card["props"]["children"] == format_int(value), (username, view)


@pytest.mark.parametrize(
    "metacharacters",
    ["R84' OR '1'='1", "R84; DROP TABLE marts.dim_site; --", "R84\\' --", "$reg_code", "%"],
)
def test_sql_metacharacters_are_a_harmless_non_match(app, metacharacters):
    client = _client(app, "admin")
    harmless = callbacks.page(client, "/", f"?periode={YEAR}&territoire=inconnu").get_json()
    crafted = callbacks.page(client, "/", f"?periode={YEAR}&territoire={metacharacters}")
    assert crafted.status_code == 200
    assert _cards(crafted.get_json()) == _cards(harmless)


def _cards(answer: dict) -> dict[str, str]:
    found = set(re.findall(r'"(overview-kpi-[a-z0-9-]+-value)"', json.dumps(answer)))
    return {i: callbacks.by_id(answer, i)["props"]["children"] for i in sorted(found)}
