"""The small-count protection of published grains (pipelines/protect.py), on hand-made cells
whose answers are known: primary suppression, complementary suppression over the hierarchy and
the periods, rates whose complement is small, figures resting on fewer than 11 parcours, and the
audit that finds a hidden count the published relations give away."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from pipelines import protect

LINKS = protect.Hierarchy(
    region_of={"01": "84", "38": "84", "69": "84", "75": "11"},
    funder_of={"P1": "FA", "P2": "FA", "P3": "FB"},
)
Q = [date(2025, m, 1) for m in (1, 4, 7, 10)]
YEAR = date(2025, 1, 1)


def _cells(rows: list[dict]) -> pl.DataFrame:
    """Cells with every count at 100 unless given (and the dependent figures at 1.0)."""
    full = []
    for row in rows:
        cell = {"period_kind": "year", "period_start": YEAR, "slice": "*", "segment": "*"}
        cell |= {c: 100 for c in protect.COUNTS} | {d: 1.0 for d in protect.DEPENDENT}
        full.append(cell | row)
    return pl.DataFrame(full).select(protect.KEY + protect.COUNTS + list(protect.DEPENDENT))


def _region(values: dict[str, int], total: int, column: str = "new_parcours") -> pl.DataFrame:
    rows = [{"level": "region", "code": "84", column: total}]
    rows += [{"level": "departement", "code": code, column: n} for code, n in values.items()]
    return _cells(rows)


def _shown(published: pl.DataFrame, column: str) -> dict[str, int | None]:
    return dict(zip(published["code"], published[column], strict=True))


def test_counts_from_1_to_10_are_hidden_and_said_small():
    published = protect.protect(_region({"01": 0, "38": 5, "69": 95}, 100), LINKS)
    shown = _shown(published, "new_parcours")
    assert shown["38"] is None and shown["01"] == 0
    small = dict(zip(published["code"], published["small_counts"], strict=True))
    assert "new_parcours" in small["38"] and "new_parcours" not in small["69"]
    assert not any(1 <= v < 11 for v in shown.values() if v is not None)


def test_a_region_minus_its_departements_recovers_nothing():
    published = protect.protect(_region({"01": 40, "38": 5, "69": 60}, 105), LINKS)
    shown = _shown(published, "new_parcours")
    assert shown["38"] is None and shown["01"] is None  # the smallest other one goes too
    assert shown["84"] == 105 and shown["69"] == 60
    hidden = dict(zip(published["code"], published["hidden_counts"], strict=True))
    assert "new_parcours" in hidden["01"]
    small = dict(zip(published["code"], published["small_counts"], strict=True))
    assert "new_parcours" not in small["01"]  # hidden, but not "< 11": it is 40


def test_a_year_minus_its_quarters_recovers_nothing():
    rows = [{"period_kind": "year", "level": "france", "code": "FR", "new_parcours": 60}]
    rows += [{"period_kind": "quarter", "period_start": q, "level": "france", "code": "FR",
              "new_parcours": n} for q, n in zip(Q, (7, 20, 15, 18), strict=True)]  # fmt: skip
    published = protect.protect(_cells(rows), LINKS)
    quarters = dict(zip(published["period_start"], published["new_parcours"], strict=True))
    assert quarters[Q[0]] is None and quarters[Q[2]] is None  # 7, and the smallest other: 15
    assert quarters[Q[1]] == 20 and quarters[Q[3]] == 18


def test_a_funder_minus_its_other_programmes_recovers_nothing():
    """The same cell in another slice: a funder's parcours are its programmes' (P2 = F − P1)."""
    rows = [{"level": "france", "code": "FR", "slice": s, "new_parcours": n}
            for s, n in (("F:FA", 30), ("P:P1", 25), ("P:P2", 5), ("P:P3", 7))]  # fmt: skip
    published = protect.protect(_cells(rows), LINKS)
    shown = dict(zip(published["slice"], published["new_parcours"], strict=True))
    assert shown["P:P2"] is None and shown["P:P3"] is None  # small
    assert shown["F:FA"] is None or shown["P:P1"] is None  # else P2 = F − P1
    assert protect.audit(published, LINKS) == []


def test_people_are_not_split_over_quarters():
    """A person active all year is in every quarter: the year is not the sum of its quarters,
    so a small quarter of people needs no complement among the others."""
    rows = [{"period_kind": "year", "level": "france", "code": "FR", "active_people": 40}]
    rows += [{"period_kind": "quarter", "period_start": q, "level": "france", "code": "FR",
              "active_people": n} for q, n in zip(Q, (7, 20, 15, 18), strict=True)]  # fmt: skip
    published = protect.protect(_cells(rows), LINKS)
    assert published["active_people"].null_count() == 1


def test_a_rate_whose_complement_is_small_is_not_published():
    cells = _cells([{"level": "france", "code": "FR", "outcome_base": 50,
                     "returns_to_employment": 45, "positive_exits": 30}])  # fmt: skip
    published = protect.protect(cells, LINKS)
    assert published["returns_to_employment"][0] is None  # 5 did not return: a small group
    assert published["positive_exits"][0] == 30


def test_a_numerator_over_a_hidden_base_needs_no_complement():
    """Base 4 is hidden itself: 'base − numerator' cannot be read, so a numerator of 0 stays."""
    cells = _cells([{"level": "france", "code": "FR", "outcome_base": 4,
                     "returns_to_employment": 0}])  # fmt: skip
    published = protect.protect(cells, LINKS)
    assert published["outcome_base"][0] is None and published["returns_to_employment"][0] == 0


def test_figures_resting_on_fewer_than_11_parcours_are_not_published():
    cells = _cells([{"level": "france", "code": "FR", "closed_parcours": 8,
                     "energy_measured": 30, "median_duration_days": 120.0}])  # fmt: skip
    published = protect.protect(cells, LINKS)
    assert published["median_duration_days"][0] is None
    assert published["energy_saved_kwh"][0] == 1.0


def test_the_audit_finds_a_planted_recoverable_count():
    published = protect.protect(_region({"01": 40, "38": 5, "69": 60}, 105), LINKS)
    assert protect.audit(published, LINKS) == []
    planted = published.with_columns(
        pl.when(pl.col("code") == "01").then(40).otherwise(pl.col("new_parcours"))
        .alias("new_parcours")
    )  # fmt: skip
    found = protect.audit(planted, LINKS)
    assert [(r.column, r.cell[3], r.how) for r in found] == [
        ("new_parcours", "38", "determined by the relations")
    ]
    small = published.with_columns(pl.lit(7).alias("drop_outs"))
    assert {r.how for r in protect.audit(small, LINKS)} == {"published from 1 to 10"}


def test_a_combination_of_relations_that_fixes_a_count_is_found():
    """x (a région's quarter) with y (its département's quarter) and z (the région's year):
    each relation has two unknowns, but together they fix them."""
    rel = protect.Relations(
        row=np.array([0, 1, 2, 0, 1, 2]),
        group=np.array([0, 0, 1, 1, 2, 2]),
        parent=np.array([True, False, True, False, True, False]),
        count=3,
    )  # x = y, z = x, y = z in effect: rank 2 of 3 — nothing fixed
    assert protect.determined(np.array([True, True, True]), rel) == []
    rel = protect.Relations(
        row=np.array([0, 1, 0, 2, 1, 2]),
        group=np.array([0, 0, 1, 1, 2, 2]),
        parent=np.array([False, False, False, False, False, False]),
        count=3,
    )  # x + y, x + z, y + z known: every one is fixed
    assert protect.determined(np.array([True, True, True]), rel) == [0, 1, 2]


@pytest.mark.parametrize("seed", range(5))
def test_random_grids_keep_no_count_recoverable(seed):
    """Three départements of a région over four quarters and the year (each total the sum of
    its parts), random small and large counts: after protection the audit finds nothing."""
    rng = np.random.default_rng(seed)
    grid = {(q, code): int(rng.integers(0, 40)) for q in Q for code in ("01", "38", "69")}
    rows = [_cell("quarter", q, "departement", code, n) for (q, code), n in grid.items()]
    rows += [_cell("quarter", q, "region", "84", sum(grid[q, c] for c in ("01", "38", "69")))
             for q in Q]  # fmt: skip
    rows += [_cell("year", YEAR, "departement", c, sum(grid[q, c] for q in Q))
             for c in ("01", "38", "69")]  # fmt: skip
    rows.append(_cell("year", YEAR, "region", "84", sum(grid.values())))
    published = protect.protect(_cells(rows), LINKS)
    assert [r for r in protect.audit(published, LINKS) if r.column == "new_parcours"] == []
    values = published["new_parcours"]
    assert not ((values >= 1) & (values < 11)).fill_null(False).any()
    assert values.null_count() >= sum(1 <= n < 11 for n in grid.values())


def _cell(kind: str, start: date, level: str, code: str, n: int) -> dict:
    return {"period_kind": kind, "period_start": start, "level": level, "code": code,
            "new_parcours": n}  # fmt: skip


def test_the_published_cells_of_the_sample_build_add_up(sample_build):
    """The exact figures behind the published grains, on the sample build: France's new parcours
    per year are the parcours started that year; a funder's slice never holds more than all."""
    from pipelines import sqlfiles
    from tests.conftest import open_build, query

    sql = sqlfiles.read("protect/published_cells.sql")
    with open_build(sample_build) as con:
        cells = con.sql(sql, params={"as_of": "2026-11-24"}).pl()
    started = dict(query(sample_build, "select year(started_on), count(*) from "
                         "marts.fct_parcours group by 1"))  # fmt: skip
    france = cells.filter(level="france", slice="*", segment="*", period_kind="year")
    shown = {d.year: n for d, n in zip(france["period_start"], france["new_parcours"], strict=True)}
    assert {y: n for y, n in shown.items() if n} == started
    assert set(cells["level"]) == {"france", "region", "departement", "zone"}
    assert cells.filter(pl.col("segment") != "*")["period_kind"].unique().to_list() == ["year"]
    assert cells.filter((pl.col("segment") != "*") & (pl.col("level") == "zone")).height == 0
    by_slice = cells.filter(level="france", segment="*").group_by("period_kind", "period_start")
    assert by_slice.agg(
        (pl.col("new_parcours").filter(pl.col("slice") != "*").max()
         <= pl.col("new_parcours").filter(pl.col("slice") == "*").max()).alias("ok")
    )["ok"].all()  # fmt: skip


def test_the_build_fails_on_a_planted_recoverable_count(sample_build, tmp_path):
    """The build's check reads marts.protected_kpis back: publish the true value of one of two
    hidden counts of a relation, and the other is recoverable — the check fails."""
    import shutil

    import duckdb

    from pipelines import build, publish, sqlfiles

    copy = tmp_path / "build.duckdb"
    shutil.copy(publish.build_path(sample_build, publish.served_run_id(sample_build)), copy)
    with duckdb.connect(str(copy)) as con:
        assert build._audit_protection(con) == []
        table = con.table("marts.protected_kpis").pl()
        rel = protect.relations(table, protect.hierarchy(con), events=True)
        hidden = table["new_parcours"].is_null().to_numpy()
        two = np.flatnonzero(np.bincount(rel.group, weights=hidden[rel.row]) == 2)[0]
        planted, other = rel.row[(rel.group == two) & hidden[rel.row]]
        key = dict(zip(protect.KEY, table.select(protect.KEY).row(int(planted)), strict=True))
        as_of = con.execute("select as_of from meta.runs").fetchall()[0][0]
        cells = con.sql(sqlfiles.read("protect/published_cells.sql"), params={"as_of": as_of})
        true = cells.pl().filter(**key)["new_parcours"].item()
        where = " and ".join(f"{k} = ${k}" for k in key)
        con.execute(f"update marts.protected_kpis set new_parcours = {true} where {where}", key)
        failed = build._audit_protection(con)
        found = {(r.column, r.cell) for r in protect.audit_build(con)}
        status, failing = con.execute(
            "select status, failing_rows from meta.check_results "
            "where \"check\" = 'audit_protected_kpis' order by status limit 1"
        ).fetchall()[0]
    assert (
        status == "fail" and failing >= 1 and failed == [f"audit_protected_kpis ({failing} rows)"]
    )
    assert ("new_parcours", table.select(protect.KEY).row(int(other))) in found
