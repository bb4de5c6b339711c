"""What the funders page and the impact report show, fetched through `queries` (one build per
page), and the pure computations on it (PRODUCT.md's glossary):

- the **convention** of each programme, to the as-of date and over its own period: budget,
  committed and paid to date, parcours started since the convention began against its target
  pro rata of the days elapsed (status green ≥ 95 %, amber ≥ 80 %, red below), the projection at
  the end of the as-of year (or of the convention, if sooner) at the pace since it began, cost
  per parcours and per positive exit (paid to date ÷ parcours, or positive exits, by share),
  kWh cumac (C2E programmes);
- the **period** of the view (the URL's `periode`, to the as-of date), within its territory and
  public: parcours started, outcomes and energy, whole (the rates' bases) and by funding share;
- the **reconciliation**: every funder's figures by share + the unattributed part (the
  association's own funds) = the association's total.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from dashboard import queries
from dashboard.kpis import KPIS, Target, expected_convention, is_provisional
from dashboard.queries import HIDDEN, SMALL
from dashboard.queries import funders as funder_queries
from dashboard.state import Period, ViewState

SHARED = ("parcours_started_by_share", "positive_exits_by_share", "energy_saved_kwh_by_share",
          "co2e_avoided_kg_by_share", "payments_eur")  # fmt: skip
PROVISIONAL_KEYS = {"rates": "positive_exit_rate", "energy": "energy_saved"}


@dataclass(frozen=True)
class Progress:
    """A convention's parcours started against its target, at the as-of date."""

    started: int
    target: int  # over the whole convention
    expected: float  # pro rata of the days elapsed by the as-of date
    projected_on: date  # the end of the as-of year, or of the convention if sooner
    projected: float | None  # parcours started by `projected_on` at the pace since the start
    expected_then: float  # the target pro rata at `projected_on`
    is_over: bool = False  # the convention has ended: `started` is its final count

    @property
    def ratio(self) -> float | None:
        return self.started / self.expected if self.expected else None

    @property
    def status(self) -> str | None:
        return Target(self.expected, self.ratio).status if self.ratio is not None else None


@dataclass(frozen=True)
class FundersView:
    as_of: date
    period: Period  # as chosen (its end may be after the as-of date)
    state: ViewState
    programmes: pl.DataFrame  # the filter list: funder and programme ids and names
    conventions: pl.DataFrame  # funders_conventions
    impact: pl.DataFrame  # funders_period
    protected: bool = False  # published figures: `withheld` lists what each row withholds

    @property
    def funder_id(self) -> str | None:
        """The funder chosen, directly or through its programme; None when the published
        data do not know it (then every funder is shown)."""
        if self.state.programme:
            rows = self.programmes.filter(pl.col("programme_id") == self.state.programme)
        elif self.state.financeur:
            rows = self.programmes.filter(pl.col("funder_id") == self.state.financeur)
        else:
            return None
        return rows["funder_id"][0] if rows.height else None

    @property
    def is_unknown(self) -> bool:
        """A funder or programme is asked for that the published data do not know."""
        return bool(self.state.financeur or self.state.programme) and self.funder_id is None

    @property
    def is_national(self) -> bool:
        """Payments are not territorial nor by public: they apply to the national view only."""
        return self.state.territoire == "FR" and not self.state.public


def period_view(state: ViewState, period: Period, as_of: date) -> funder_queries.PeriodView:
    level, code = state.territoire[:1], state.territoire[1:]
    return funder_queries.PeriodView(
        start=period.start,
        end=min(period.end, as_of),
        reg_code=code if level == "R" else None,
        dep_code=code if level == "D" else None,
        ze_code=code if level == "Z" else None,
        segment=state.public,
    )


def load(
    scope: queries.Scope, state: ViewState, as_of: date, programmes: pl.DataFrame
) -> FundersView:
    period = state.period(as_of)
    conventions = funder_queries.funders_conventions(scope)  # to the build's as-of date
    impact = funder_queries.funders_period(scope, period_view(state, period, as_of))
    protected = queries.is_protected(scope, state.territoire)
    if protected:
        conventions, impact = _published(scope, state, period, as_of, conventions, impact)
    return FundersView(as_of, period, state, programmes, conventions, impact, protected)


# --- what protected audiences read ----------------------------------------------------------------

WHOLE = {
    "parcours_started": "new_parcours",
    "outcome_base": "outcome_base",
    "returns_to_employment": "returns_to_employment",
    "positive_exits": "positive_exits",
}
BY_SHARE = {"parcours_started_by_share": "new_parcours",
            "positive_exits_by_share": "positive_exits"}  # fmt: skip
ENERGY = ("energy_saved_kwh_by_share", "co2e_avoided_kg_by_share")
CONVENTIONS = date(2019, 1, 1)  # the published convention cells' period_start (to the as-of date)


def _published(
    scope: queries.Scope,
    state: ViewState,
    period: Period,
    as_of: date,
    conventions: pl.DataFrame,
    impact: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The page's frames as protected audiences get them: every count of people or parcours
    from the published cells (the period's grain, and the conventions' cells), and what rests
    on a withheld count withheld with it — figures by share, costs, energy, and the
    unattributed part and all programmes' totals when a funder's are withheld (they would give
    them by difference). Programmes are published for France and the régions, for every
    public."""
    current = period.clipped(as_of)
    grain = queries.grain(
        scope, state.territoire, current.start, current.end, as_of, None, None, state.public
    )
    if state.public:
        raise queries.NotPublished("segment")
    if grain.level not in ("france", "region"):
        raise queries.NotPublished("programme")
    cells = queries.protected_kpis(scope, grain, grain.period_start, grain.period_start,
                                   all_slices=True)  # fmt: skip
    signed = replace(grain, period_kind="convention", period_start=CONVENTIONS, level="france",
                     code="FR", segment="*")  # fmt: skip
    convention_cells = queries.protected_kpis(
        scope, signed, CONVENTIONS, CONVENTIONS, all_slices=True
    )
    return _with_published(conventions, convention_cells), _with_published(impact, cells)


def _with_published(frame: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    by_slice = {row["slice"]: row for row in cells.iter_rows(named=True)}
    rows = [_published_row(row, by_slice) for row in frame.iter_rows(named=True)]
    parts_withheld = any(
        set(withheld(r)) & set(BY_SHARE) for r in rows if r["level"] in ("programme", "funder")
    )
    for row in rows:  # their totals and the rest would give them back by difference
        if row["level"] in ("all", "unattributed") and parts_withheld:
            for column in [*BY_SHARE, *ENERGY]:
                if column in row:
                    row[column] = None
                    row["withheld"].append(f"{column}:{HIDDEN}")
    schema = {**frame.schema, "withheld": pl.List(pl.String)}
    return pl.DataFrame(rows, schema=schema)


def _published_row(row: dict, by_slice: dict[str, dict]) -> dict:
    """One row of the page's frame with its published counts (SMALL or HIDDEN in `withheld`,
    as `column:reason`)."""
    row = dict(row)
    slices = {"programme": f"P:{row.get('programme_id')}", "funder": f"F:{row.get('funder_id')}"}
    key = {**slices, "association": "*"}.get(row["level"])
    cell = by_slice.get(key, {}) if key else None
    withheld: dict[str, str] = {}
    if cell is not None:
        small, hidden = set(cell.get("small_counts") or ()), set(cell.get("hidden_counts") or ())
        for column, source in WHOLE.items():
            if column not in row or row[column] is None:
                continue
            if source in hidden:
                withheld[column] = SMALL if source in small else HIDDEN
                row[column] = None
            else:
                row[column] = cell.get(source, 0)
        for column, source in BY_SHARE.items():
            if source in hidden and column in row:
                withheld[column] = HIDDEN
        measured = cell.get("energy_measured", 0)
        if "energy_measured" in hidden or (measured and cell.get("energy_saved_kwh") is None):
            withheld |= {column: HIDDEN for column in ENERGY if column in row}
    for column in withheld:
        row[column] = None
    row["withheld"] = [f"{column}:{reason}" for column, reason in withheld.items()]
    return row


# --- conventions -------------------------------------------------------------------------------


def progress(
    started: int, target: int | None, convention: tuple[date, date], as_of: date
) -> Progress | None:
    """Progress of a convention with a target at `as_of`; None without a target or before the
    convention starts."""
    first, last = convention
    if not target or as_of < first:
        return None
    whole = Period("range", first, last, "")
    projected_on = min(date(as_of.year, 12, 31), last)
    elapsed = (min(as_of, last) - first).days + 1
    projected = started * ((projected_on - first).days + 1) / elapsed if as_of < last else started
    return Progress(
        started=started,
        target=target,
        expected=expected_convention(target, convention, whole, as_of),
        projected_on=projected_on,
        projected=projected,
        expected_then=expected_convention(target, convention, whole, projected_on),
        is_over=as_of >= last,
    )


def cost(paid: float | None, count: float | None) -> float | None:
    """Paid ÷ a count by share; none without a payment or a count."""
    return paid / count if paid and count else None


def convention_rows(view: FundersView, funder_id: str | None = None) -> list[dict]:
    """One row per programme (the chosen one, or `funder_id`'s, or all), with its progress
    and costs."""
    names = _names(view.programmes)
    rows = _by_key(view.conventions, "programme", "programme_id")
    found = []
    for programme_id in _programme_ids(view, funder_id):
        row = dict(rows[programme_id])
        row["funder_name"] = names["funder"].get(row["funder_id"], row["funder_id"])
        row["progress"] = (
            None
            if row["parcours_started"] is None
            else progress(
                row["parcours_started"],
                row["target_parcours"],
                (row["period_start"], row["period_end"]),
                view.as_of,
            )
        )
        found.append(_with_costs(row))
    return found


def convention_total(view: FundersView, funder_id: str | None) -> dict:
    """The funder's (or, without one, all programmes') totals: money and parcours."""
    level, key = ("funder", funder_id) if funder_id else ("all", None)
    rows = view.conventions.filter(pl.col("level") == level)
    if key is not None:
        rows = rows.filter(pl.col("funder_id") == key)
    if not rows.height:
        return {}
    return _with_costs({**rows.row(0, named=True), "funder_name": _funder(view, funder_id)})


def _with_costs(row: dict) -> dict:
    row["cost_per_parcours"] = cost(row["paid_eur"], row["parcours_started_by_share"])
    row["cost_per_positive_exit"] = cost(row["paid_eur"], row["positive_exits_by_share"])
    _derive(row, "cost_per_parcours", "parcours_started_by_share")
    _derive(row, "cost_per_positive_exit", "positive_exits_by_share")
    _derive(row, "progress", "parcours_started")
    return row


def withheld(row: dict) -> dict[str, str]:
    """What a row of a protected view withholds: column → SMALL or HIDDEN (empty otherwise)."""
    return dict(item.split(":", 1) for item in row.get("withheld") or ())


def _derive(row: dict, figure: str, *inputs: str) -> None:
    """A figure computed from withheld inputs is withheld too."""
    if any(column in withheld(row) for column in inputs) and figure not in withheld(row):
        row["withheld"] = [*row["withheld"], f"{figure}:{HIDDEN}"]


# --- the period --------------------------------------------------------------------------------


def impact_rows(view: FundersView, funder_id: str | None = None) -> list[dict]:
    """One row per programme with its period figures and rates (on whole parcours)."""
    names = _names(view.programmes)
    rows = _by_key(view.impact, "programme", "programme_id")
    found = []
    for programme_id in _programme_ids(view, funder_id):
        row = _with_rates(dict(rows[programme_id]))
        row["programme_name"] = names["programme"].get(programme_id, programme_id)
        row["funder_name"] = names["funder"].get(row["funder_id"], row["funder_id"])
        found.append(row)
    return found


def impact_total(view: FundersView, funder_id: str | None) -> dict:
    """The funder's period figures (a parcours it funds twice counts once), or the
    association's when no funder is chosen."""
    if funder_id is None:
        rows = view.impact.filter(pl.col("level") == "association")
    else:
        chosen = (pl.col("level") == "funder") & (pl.col("funder_id") == funder_id)
        rows = view.impact.filter(chosen)
    if not rows.height:
        return {}
    return _with_rates({**rows.row(0, named=True), "funder_name": _funder(view, funder_id)})


def _with_rates(row: dict) -> dict:
    base = row.get("outcome_base") or 0
    for rate, part in (("return_to_employment_rate", "returns_to_employment"),
                       ("positive_exit_rate", "positive_exits")):  # fmt: skip
        row[rate] = row[part] / base if base and row[part] is not None else None
        _derive(row, rate, part, "outcome_base")
    _derive(row, "co2e_avoided_t_by_share", "co2e_avoided_kg_by_share")
    kilograms = row.get("co2e_avoided_kg_by_share")
    row["co2e_avoided_t_by_share"] = None if kilograms is None else kilograms / 1000
    return row


def provisional(view: FundersView) -> dict[str, bool]:
    """Which period figures may still change: rates while the period is open, energy until its
    surveys are in (as the overview's cards)."""
    kpis = {kpi.key: kpi for kpi in KPIS}
    return {
        name: is_provisional(kpis[key], view.period, view.as_of)
        for name, key in PROVISIONAL_KEYS.items()
    }


# --- the reconciliation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reconciliation:
    """Funders by share + the unattributed part = the association's total, for each measure."""

    funders: list[dict]  # per funder with figures in the view (or chosen): its measures, share
    unattributed: dict
    funders_total: dict  # Σ funders
    association: dict
    difference: dict  # association − (Σ funders + unattributed): 0 when everything adds up


def reconciliation(view: FundersView) -> Reconciliation | None:
    """None when the view holds no association total: a funder's scope reads its own programmes
    only (the total, or its share of it, would tell the other funders' by difference); none
    either when the small-count rule withholds one of its figures (`reconciliation_withheld`)."""
    names = _names(view.programmes)["funder"]
    whole = _level(view.impact, "association")
    if not whole or reconciliation_withheld(view):
        return None
    association = _measures(whole[0])
    funders = []
    for row in _level(view.impact, "funder"):
        if not any(row[k] for k in SHARED) and row["funder_id"] != view.funder_id:
            continue  # nothing in the view: a line of zeros adds nothing to the sums
        found = _measures(row)
        found["funder_id"] = row["funder_id"]
        found["funder_name"] = names.get(row["funder_id"], row["funder_id"])
        found["share_of_total"] = _share(found, association)
        funders.append(found)
    funders.sort(key=lambda r: sort_key(r["funder_name"]))
    unattributed = _measures(_level(view.impact, "unattributed")[0])
    unattributed["share_of_total"] = _share(unattributed, association)
    total = {k: sum(r[k] or 0 for r in funders) for k in SHARED}
    total["share_of_total"] = _share(total, association)
    difference = {
        k: round((association[k] or 0) - total[k] - (unattributed[k] or 0), 6) + 0.0 for k in SHARED
    }
    if not view.is_national:  # payments are national: not shown for a territory or a public
        for row in (*funders, unattributed, total, association, difference):
            row["payments_eur"] = None
    return Reconciliation(funders, unattributed, total, association, difference)


def reconciliation_withheld(view: FundersView) -> bool:
    """A protected view whose reconciliation would show, or give by difference, a figure the
    small-count rule withholds (a funder's, the unattributed part, the association's)."""
    rows = [*_level(view.impact, "funder"), *_level(view.impact, "association")]
    return view.protected and any(set(withheld(r)) & set(SHARED) for r in rows)


def _measures(row: Mapping) -> dict:
    return {k: row[k] for k in SHARED}


def _share(row: Mapping, association: Mapping) -> float | None:
    whole = association["parcours_started_by_share"]
    return row["parcours_started_by_share"] / whole if whole else None


def _level(frame: pl.DataFrame, level: str) -> list[dict]:
    return list(frame.filter(pl.col("level") == level).iter_rows(named=True))


# --- shared ------------------------------------------------------------------------------------


def sort_key(name: str) -> str:
    """Alphabetical order as a French reader expects it: É with E, case ignored."""
    bare = unicodedata.normalize("NFD", name)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold()


def _names(programmes: pl.DataFrame) -> dict[str, dict[str, str]]:
    return {
        "funder": dict(programmes.select("funder_id", "funder_name").iter_rows()),
        "programme": dict(programmes.select("programme_id", "programme_name").iter_rows()),
    }


def _by_key(frame: pl.DataFrame, level: str, key: str) -> dict[str, dict]:
    return {row[key]: row for row in _level(frame, level)}


def _programme_ids(view: FundersView, funder_id: str | None) -> list[str]:
    """The programmes shown: the chosen one, else the funder's, else all; by funder (French
    alphabetical order), start and name."""
    rows = view.programmes
    if view.state.programme and funder_id:
        rows = rows.filter(pl.col("programme_id") == view.state.programme)
    elif funder_id:
        rows = rows.filter(pl.col("funder_id") == funder_id)
    keys = [sort_key(name) for name in rows["funder_name"]]
    rows = rows.with_columns(pl.Series("funder_key", keys, dtype=pl.String))
    return rows.sort("funder_key", "period_start", "programme_name")["programme_id"].to_list()


def funder_name(view: FundersView, funder_id: str) -> str | None:
    """The funder's name; None when the published data do not know it."""
    rows = view.programmes.filter(pl.col("funder_id") == funder_id)
    return rows["funder_name"][0] if rows.height else None


def programme_name(view: FundersView) -> str | None:
    """The chosen programme's name, when one is chosen and known."""
    if not view.state.programme:
        return None
    rows = view.programmes.filter(pl.col("programme_id") == view.state.programme)
    return rows["programme_name"][0] if rows.height else None


def _funder(view: FundersView, funder_id: str | None) -> str | None:
    return funder_name(view, funder_id) if funder_id else None
