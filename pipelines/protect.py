"""Small-count protection of the published grains (PRODUCT.md publishing rule, issue 7).

The exact figures of every published grain (`sql/protect/published_cells.sql`) go through
`protect`, which gives `marts.protected_kpis`, the only table protected audiences read; the
build writes it after the marts (`publish`) and its checks run `audit_build` on what it wrote: a
count from 1 to 10, or a hidden count the relations give away, fails the build. Steps:

1. primary suppression: a count from 1 to 10 is hidden (shown "< 11"), and so is a rate's
   numerator whose complement (its published base − numerator) is from 1 to 10;
2. complementary suppression: wherever a hidden count could be recovered from a linear relation
   between published counts — a région and its départements, France and its régions, France and
   its zones d'emploi, a funder and its programmes, a year and its quarters — another count of
   the relation is hidden (the smallest non-zero one), until no relation has a single unknown
   and no combination of relations determines a hidden count;
3. figures resting on fewer than 11 parcours (medians, energy, CO2e) are not published.

`audit` checks the published table on its own (from what it publishes, not from the figures
behind it): a hidden count that the relations determine fails the build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from pipelines import sqlfiles

THRESHOLD = 11
KEY = ["period_kind", "period_start", "level", "code", "slice", "segment"]
COUNTS = [
    "active_people", "new_parcours", "new_priority_public", "referred_parcours",
    "closed_parcours", "outcome_base", "returns_to_employment", "positive_exits",
    "durable_employments", "drop_outs", "autonomous_exits", "outcome_6m_known", "employed_6m",
    "follow_up_due", "follow_up_reached", "solutions_realised", "measured_savings", "savings_30",
    "energy_measured",
]  # fmt: skip
# counts of events dated in the period: a year's is the sum of its quarters' (not people)
EVENT_COUNTS = [c for c in COUNTS if c != "active_people"]
RATE_PAIRS = {
    "returns_to_employment": "outcome_base", "positive_exits": "outcome_base",
    "durable_employments": "outcome_base", "drop_outs": "outcome_base",
    "autonomous_exits": "outcome_base", "employed_6m": "outcome_6m_known",
    "follow_up_reached": "follow_up_due", "savings_30": "measured_savings",
    "new_priority_public": "new_parcours",
}  # fmt: skip
DEPENDENT = {
    "median_days_to_first_appointment": "referred_parcours",
    "median_duration_days": "closed_parcours",
    "energy_saved_kwh": "energy_measured",
    "co2e_avoided_kg": "energy_measured",
}
MAX_ROUNDS = 50
BATCH_BYTES = 32 * 2**20  # the matrices of one batched SVD (its workspace is a few times more)
DUCKDB_SHARE = 0.6  # of the pipeline's memory limit, for DuckDB while it counts the cells
UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
         "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}  # fmt: skip


@dataclass(frozen=True)
class Recovered:
    """A hidden count the published relations determine."""

    column: str
    cell: tuple
    how: str


@dataclass(frozen=True)
class Relations:
    """Linear relations between cells (parent = Σ children), as flat arrays of members: the
    cell's row, its relation, whether it is the relation's parent."""

    row: np.ndarray
    group: np.ndarray
    parent: np.ndarray
    count: int


@dataclass(frozen=True)
class Hierarchy:
    """What links cells besides periods: a département's région, a programme's funder."""

    region_of: dict[str, str]
    funder_of: dict[str, str]


def hierarchy(con: duckdb.DuckDBPyConnection) -> Hierarchy:
    """The build's hierarchy (the references every partner knows)."""
    return Hierarchy(
        dict(con.sql("select dep_code, reg_code from marts.dim_departement").fetchall()),
        dict(con.sql("select programme_id, funder_id from marts.dim_programme").fetchall()),
    )


def relations(cells: pl.DataFrame, links: Hierarchy, events: bool) -> Relations:
    """The relations between cells: a région and its départements, France and its régions,
    France and its zones, a funder and its programmes (the same cell in another slice: equal
    to their sum when no parcours has two programmes of one funder, so taken as a relation),
    and with `events` a year and its quarters."""
    keys = cells.select(KEY).rows()
    index = {key: i for i, key in enumerate(keys)}
    children: dict[tuple, list[int]] = defaultdict(list)
    for i, (kind, start, level, code, slice_, segment) in enumerate(keys):
        if level == "departement" and code in links.region_of:
            region = links.region_of[code]
            children[(kind, start, "region", region, slice_, segment, "deps")].append(i)
        elif level == "region":
            children[(kind, start, "france", "FR", slice_, segment, "regions")].append(i)
        elif level == "zone":
            children[(kind, start, "france", "FR", slice_, segment, "zones")].append(i)
        if events and kind == "quarter":
            year = start.replace(month=1, day=1)
            children[("year", year, level, code, slice_, segment, "quarters")].append(i)
        if slice_.startswith("P:") and slice_[2:] in links.funder_of:
            funder = "F:" + links.funder_of[slice_[2:]]
            children[(kind, start, level, code, funder, segment, "programmes")].append(i)
    rows, group_of, parents = [], [], []
    for key, members in children.items():
        parent = index.get(key[:6])
        if parent is None:
            continue
        count = len(parents) and group_of[-1] + 1
        rows += [parent, *members]
        group_of += [count] * (len(members) + 1)
        parents += [True] + [False] * len(members)
    total = (group_of[-1] + 1) if group_of else 0
    return Relations(
        np.array(rows, dtype=np.int64),
        np.array(group_of, dtype=np.int64),
        np.array(parents, dtype=bool),
        total,
    )


def protect(cells: pl.DataFrame, links: Hierarchy) -> pl.DataFrame:
    """The published table: hidden counts as nulls, with `small_counts` (hidden because from
    1 to 10: "< 11") and `hidden_counts` (every hidden count) per row."""
    people = relations(cells, links, events=False)
    events = relations(cells, links, events=True)
    values = {c: cells[c].fill_null(0).to_numpy().astype(np.int64) for c in COUNTS}
    small = {c: (values[c] >= 1) & (values[c] < THRESHOLD) for c in COUNTS}
    hidden = {c: small[c].copy() for c in COUNTS}
    for numerator, base in RATE_PAIRS.items():  # a published base minus its numerator
        rest = values[base] - values[numerator]
        hidden[numerator] |= (rest >= 1) & (rest < THRESHOLD) & (values[base] >= THRESHOLD)
    memo: dict = {}  # a system's answer, whatever the column (its members say all about it)
    for column in COUNTS:
        rel = events if column in EVENT_COUNTS else people
        _complete(values[column], hidden[column], rel, memo)
    return _published(cells, values, small, hidden)


def _complete(values: np.ndarray, hidden: np.ndarray, rel: Relations, memo: dict) -> None:
    """Hide more counts until no hidden count is determined by the relations."""
    for _ in range(MAX_ROUNDS):
        _hide_where_single(values, hidden, rel)
        fixed = determined(hidden, rel, memo)
        if not fixed:
            return
        near = np.unique(rel.group[np.isin(rel.row, fixed)])
        if not _hide_in_groups(values, hidden, rel, near):
            # nothing visible beside them: hide in the relations of their hidden neighbours
            neighbours = rel.row[np.isin(rel.group, near) & hidden[rel.row]]
            wider = np.unique(rel.group[np.isin(rel.row, neighbours)])
            if not _hide_in_groups(values, hidden, rel, wider):
                return  # the audit says which counts stay exposed
    raise RuntimeError("complementary suppression did not settle")


def _hide_where_single(values: np.ndarray, hidden: np.ndarray, rel: Relations) -> None:
    """While a relation has a single hidden count, hide another of its counts."""
    for _ in range(MAX_ROUNDS * 4):
        unknown = np.bincount(rel.group, weights=hidden[rel.row], minlength=rel.count)
        singles = np.where(unknown == 1)[0]
        if len(singles) == 0 or not _hide_in_groups(values, hidden, rel, singles):
            return


def _hide_in_groups(values, hidden, rel: Relations, wanted_groups: np.ndarray) -> bool:
    """In each of these relations, hide its smallest visible non-zero child (else its parent)."""
    wanted = np.zeros(rel.count, dtype=bool)
    wanted[wanted_groups] = True
    picks = np.where(wanted[rel.group] & ~hidden[rel.row] & (values[rel.row] > 0))[0]
    if len(picks) == 0:
        return False
    keys = (rel.row[picks], values[rel.row[picks]], rel.parent[picks], rel.group[picks])
    picks = picks[np.lexsort(keys)]
    _, first = np.unique(rel.group[picks], return_index=True)
    hidden[rel.row[picks[first]]] = True
    return True


def determined(hidden: np.ndarray, rel: Relations, memo: dict | None = None) -> list[int]:
    """Hidden rows the relations fix: an equation with a single unknown, or (component by
    component) a combination of equations — x_i is fixed when e_i lies in the row space of the
    system (the diagonal of the projector onto it is 1). Components of the same shape are solved
    together (batched SVDs of up to BATCH_BYTES). `memo` keeps each system's answer: the
    protection asks again after hiding a few counts, and most components have not changed."""
    memo = {} if memo is None else memo
    keep = hidden[rel.row]
    rows, group, parent = rel.row[keep], rel.group[keep], rel.parent[keep]
    unknowns = np.bincount(group, minlength=rel.count)
    single = unknowns[group] == 1
    fixed = set(rows[single].tolist())
    rows, group, parent = rows[~single], group[~single], parent[~single]
    label = _components(rows, group)
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    by_shape: dict[tuple[int, int], list] = defaultdict(list)
    for members in np.split(order, bounds) if len(order) else []:
        found_rows, columns = np.unique(rows[members], return_inverse=True)
        equations, lines = np.unique(group[members], return_inverse=True)
        if len(members) < len(found_rows) + len(equations):
            # a tree of equations that each hold two unknowns or more fixes none of them: a
            # change of one unknown is always absorbed along a branch (a single equation too)
            continue
        key = (id(rel), found_rows.tobytes(), equations.tobytes())
        if key in memo:
            fixed |= memo[key]
            continue
        by_shape[(len(equations), len(found_rows))].append(
            (key, found_rows, lines, columns, np.where(parent[members], -1.0, 1.0))
        )
    for (n_equations, n_unknowns), systems in by_shape.items():
        size = max(1, BATCH_BYTES // (8 * n_equations * n_unknowns))
        for batch in (systems[i : i + size] for i in range(0, len(systems), size)):
            matrices = np.zeros((len(batch), n_equations, n_unknowns))
            for k, (_, _, lines, columns, signs) in enumerate(batch):
                matrices[k, lines, columns] = signs  # Σ children − parent = known
            _, singular, vt = np.linalg.svd(matrices, full_matrices=False)
            for k, (key, found_rows, *_) in enumerate(batch):
                rank = int((singular[k] > 1e-9).sum())
                # e_i lies in the row space when the projector onto it keeps it whole
                projector_diagonal = (vt[k, :rank] ** 2).sum(axis=0)
                memo[key] = set(found_rows[projector_diagonal > 1 - 1e-6].tolist())
                fixed |= memo[key]
    return sorted(fixed)


def _components(rows: np.ndarray, group: np.ndarray) -> np.ndarray:
    """A component label per member: unknowns linked by shared relations (label propagation:
    each relation takes its members' smallest label, each unknown its relations' smallest)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    _, row_id = np.unique(rows, return_inverse=True)
    _, group_id = np.unique(group, return_inverse=True)
    label = row_id.copy()
    while True:
        by_group = np.full(group_id.max() + 1, np.iinfo(np.int64).max)
        np.minimum.at(by_group, group_id, label)
        by_row = np.full(row_id.max() + 1, np.iinfo(np.int64).max)
        np.minimum.at(by_row, row_id, by_group[group_id])
        updated = by_row[row_id]
        if np.array_equal(updated, label):
            return label
        label = updated


def _published(cells, values, small, hidden) -> pl.DataFrame:
    flags = pl.DataFrame(
        {f"small:{c}": small[c] for c in COUNTS} | {f"hidden:{c}": hidden[c] for c in COUNTS}
    )

    def names(kind: str) -> pl.Expr:
        listed = [pl.when(pl.col(f"{kind}:{c}")).then(pl.lit(c)) for c in COUNTS]
        return pl.concat_list(listed).list.drop_nulls().alias(f"{kind}_counts")

    lists = flags.select(names("small"), names("hidden"))
    out = cells.with_columns(
        [pl.when(pl.Series(hidden[c])).then(None).otherwise(pl.col(c)).alias(c) for c in COUNTS]
        + [
            pl.when(pl.col(base).fill_null(0) < THRESHOLD).then(None).otherwise(pl.col(m)).alias(m)
            for m, base in DEPENDENT.items()
        ]
    )
    return pl.concat([out, lists], how="horizontal")


def audit(published: pl.DataFrame, links: Hierarchy) -> list[Recovered]:
    """Counts of the published table from 1 to 10, and hidden counts that its own relations
    determine (empty: safe). It reads only what the table publishes."""
    rels = {
        False: relations(published, links, events=False),
        True: relations(published, links, events=True),
    }
    keys = published.select(KEY).rows()
    problems, memo = [], {}  # its own answers: nothing shared with `protect`
    for column in COUNTS:
        shown = published[column]
        small = ((shown >= 1) & (shown < THRESHOLD)).fill_null(False).to_numpy()
        problems += [
            Recovered(column, keys[i], "published from 1 to 10") for i in np.where(small)[0]
        ]
        hidden = shown.is_null().to_numpy()
        for row in determined(hidden, rels[column in EVENT_COUNTS], memo):
            problems.append(Recovered(column, keys[row], "determined by the relations"))
    return problems


def publish(con: duckdb.DuckDBPyConnection, as_of: object, memory_limit: str | None = None) -> int:
    """Write `marts.protected_kpis` in the build: the published cells with the rule applied.
    The cells are counted within DUCKDB_SHARE of `memory_limit` (DuckDB spills the rest), so
    that DuckDB and the protection's arrays together stay within it."""
    params = {"as_of": as_of}
    if memory_limit:
        con.execute(f"set memory_limit = '{_share_of(memory_limit, DUCKDB_SHARE)}'")
    try:
        cells = con.sql(sqlfiles.read("protect/published_cells.sql"), params=params).pl()
    finally:
        if memory_limit:
            con.execute(f"set memory_limit = '{_share_of(memory_limit, 1.0)}'")
    conventions = con.sql(sqlfiles.read("protect/convention_cells.sql"), params=params).pl()
    zeros = [pl.lit(0, dtype=pl.Int64).alias(c) for c in COUNTS if c not in conventions.columns]
    conventions = conventions.with_columns(zeros)  # medians and energy: null
    published = protect(pl.concat([cells, conventions], how="diagonal_relaxed"), hierarchy(con))
    con.from_arrow(published.to_arrow()).create("marts.protected_kpis")
    return published.height


def audit_build(con: duckdb.DuckDBPyConnection) -> list[Recovered]:
    """The audit of the table the build holds (what will be served, read back)."""
    return audit(con.table("marts.protected_kpis").pl(), hierarchy(con))


def _share_of(limit: str, share: float) -> str:
    """A share of a DuckDB memory limit written '2GB', '1.5 GiB', '800MB'."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]*)\s*", limit)
    if match is None or match[2].upper() not in UNITS:
        raise ValueError(f"not a memory limit: {limit!r}")
    return f"{int(float(match[1]) * UNITS[match[2].upper()] * share) // 2**20}MiB"
