"""Disclosure: who reads exact figures and who reads the published, protected ones (PRODUCT.md
publishing rule, SECURITY.md 7–8).

The data steward reads exact figures everywhere, a director within its own région. Everyone
else — the committee, funders, a director outside its région — reads `marts.protected_kpis`
only: the grains the pipeline published with the small-count rule applied (counts from 1 to 10
hidden and said "< 11", complementary suppression, figures resting on fewer than 11 parcours
withheld). A view that is not one of those grains is refused with `NotPublished`, whose
`reason` the page turns into a sentence saying what to choose instead:

- `period`: only whole years and quarters are published (not a month or a free range);
- `segment`: a public segment is published by whole year, for every parcours or a funder's,
  down to départements;
- `programme`: a programme's figures are published for France and the régions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard.queries.scope import DataUnavailable, Scope
from dashboard.queries.sqlfiles import frame

SMALL, HIDDEN = "small", "hidden"  # why a published figure is withheld: "< 11", or secret
LEVEL_OF_PREFIX = {"R": "region", "D": "departement", "Z": "zone"}


class NotPublished(DataUnavailable):
    """The view asks protected figures at a grain that is not published."""

    def __init__(self, reason: str):
        super().__init__(f"not a published grain ({reason})")
        self.reason = reason


@dataclass(frozen=True)
class Grain:
    """A published grain: the period (and the one before it), the territory, the slice
    ('*', 'F:<funder>', 'P:<programme>') and the segment ('*' or one)."""

    period_kind: str
    period_start: date
    previous_start: date
    level: str
    code: str
    slice: str
    segment: str


def is_protected(scope: Scope, territory: str) -> bool:
    """Whether `scope` reads protected figures for a view of `territory` (FR, R84, D69, Z8405):
    always, but for the data steward, and for a director within its own région (a département
    of it, a zone d'emploi lying in it only)."""
    if scope.role == "admin":
        return False
    if scope.role != "director" or territory == "FR":
        return True
    if territory == f"R{scope.reg_code}":
        return False
    level, code = LEVEL_OF_PREFIX.get(territory[:1]), territory[1:]
    rows = frame(scope, "territories_geography").filter(level=level, code=code)
    return not rows.height or rows["reg_codes"][0].to_list() != [scope.reg_code]


def grain(scope: Scope, territory: str, start: date, end: date, as_of: date, funder_id,
          programme_id, segment) -> Grain:  # fmt: skip
    """The published grain of a view (the period [start, end] to the as-of date), or
    NotPublished. A funder's view is of its own funder whatever it asks."""
    kind = _period_kind(start, end, as_of)
    if kind is None:
        raise NotPublished("period")
    level = "france" if territory == "FR" else LEVEL_OF_PREFIX[territory[0]]
    code = "FR" if territory == "FR" else territory[1:]
    if programme_id:
        slice_ = f"P:{programme_id}"
        if level not in ("france", "region"):
            raise NotPublished("programme")
    elif funder_id or scope.funder_id:
        slice_ = f"F:{scope.funder_id or funder_id}"
    else:
        slice_ = "*"
    if segment and (kind != "year" or slice_.startswith("P:") or level == "zone"):
        raise NotPublished("segment")
    return Grain(kind, start, _previous(kind, start), level, code, slice_, segment or "*")


def _period_kind(start: date, end: date, as_of: date) -> str | None:
    """'year' or 'quarter' when [start, end] is one, to the as-of date; else None."""
    if start > as_of:
        return None
    if start.month == 1 and start.day == 1 and end == min(date(start.year, 12, 31), as_of):
        return "year"
    if start.day == 1 and start.month % 3 == 1:
        following = date(start.year + start.month // 10, (start.month + 2) % 12 + 1, 1)
        last = date.fromordinal(following.toordinal() - 1)
        if end == min(last, as_of):
            return "quarter"
    return None


def _previous(kind: str, start: date) -> date:
    if kind == "year":
        return date(start.year - 1, 1, 1)
    return date(start.year - (start.month == 1), (start.month - 4) % 12 + 1, 1)


def protected_kpis(
    scope: Scope,
    chosen: Grain,
    first: date,
    last: date,
    everywhere: bool = False,
    all_slices: bool = False,
) -> pl.DataFrame:
    """The published rows of the grain's slice, segment and kind of period, from `first` to
    `last` (period starts), for its territory — or, with `everywhere`, for every territory;
    with `all_slices`, of every slice the scope may read (every parcours, every funder's and
    programme's; a funder's own)."""
    return frame(
        scope,
        "protected_kpis",
        slice=None if all_slices else chosen.slice,
        segment=chosen.segment,
        period_kind=chosen.period_kind,
        first=first,
        last=last,
        level=None if everywhere else chosen.level,
        code=None if everywhere else chosen.code,
    )


def withheld(row: dict, inputs: tuple[str, ...], is_count: bool) -> str | None:
    """Why a figure computed from the counts `inputs` of a published row is not shown: SMALL
    for a count from 1 to 10 ("< 11"), HIDDEN when one of its counts is withheld (a rate, a
    median or an energy figure resting on a hidden count, or a count hidden so that no small
    one can be recovered); None when shown (and for exact rows, which carry no lists)."""
    hidden = set(row.get("hidden_counts") or ())
    if not hidden.intersection(inputs):
        return None
    small = set(row.get("small_counts") or ())
    return SMALL if is_count and len(inputs) == 1 and inputs[0] in small else HIDDEN
