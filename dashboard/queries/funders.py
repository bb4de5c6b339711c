"""Queries of the funders page (/financeurs) and its impact report: each programme's convention
to date, and what the programmes funded in a period, reconciled with the association's total.
Every function takes the user's scope first (applied by `sqlfiles.frame`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard.queries.scope import Scope
from dashboard.queries.sqlfiles import frame


@dataclass(frozen=True)
class PeriodView:
    """The period figures' filters, bound as SQL parameters: the period (to the as-of date), one
    territory level, one public segment. Never a funder or programme: every funder is shown,
    so that they reconcile with the association's total."""

    start: date
    end: date
    reg_code: str | None = None
    dep_code: str | None = None
    ze_code: str | None = None
    segment: str | None = None

    def params(self) -> dict[str, object]:
        # the shared definition of the view's parcours also filters by funder or programme
        return {**self.__dict__, "funder_id": None, "programme_id": None}


def funders_conventions(scope: Scope) -> pl.DataFrame:
    """One row per programme, per funder and for all programmes (`level`): convention, perimeter,
    budget, committed and paid to the build's as-of date, kWh cumac, parcours started within the
    convention to that date (whole and by share) and their positive exits by share."""
    return frame(scope, "funders_conventions")


def funders_period(scope: Scope, view: PeriodView) -> pl.DataFrame:
    """One row per programme, per funder, for the unattributed part and for the association
    (`level`): parcours started, outcomes, energy and CO₂e (whole and by share) in the period,
    and the payments dated in it."""
    return frame(scope, "funders_period", **view.params())
