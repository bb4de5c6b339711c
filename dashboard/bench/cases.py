"""What the benchmark visits: per page, typical URLs and interactions (pure, no I/O).

A case is benched when its page is registered (`dash.page_registry`): pages being written are
picked up as they land, and a registered page without a case here gets a plain visit. URLs may
hold `{funder}` and `{programme}`, filled from the build (`placeholders`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import polars as pl

FILTER_SELECT = 'select[id=\'{{"name":"{name}","type":"filter"}}\']'
NEXT_OPTION = None  # a select step without a value picks the option after the current one


def filter_select(name: str) -> str:
    """The CSS selector of a filter-bar control (`components.filters`, pattern-matching id)."""
    return FILTER_SELECT.format(name=name)


@dataclass(frozen=True)
class Step:
    """One interaction while recording: select an option (`value`, or the next one) or click."""

    label: str
    selector: str
    action: str = "select"  # "select" or "click"
    value: str | None = NEXT_OPTION
    map_change: bool = False  # a map filter change: what it sends is held to the 30 KB goal


@dataclass(frozen=True)
class Case:
    path: str  # the page's registered path
    name: str
    search: str = ""
    steps: tuple[Step, ...] = ()
    main: bool = False  # the page's first-load URL

    @property
    def url(self) -> str:
        return self.path + self.search

    @property
    def key(self) -> str:
        """Unique among cases (two cases may visit one URL)."""
        return f"{self.path} {self.name}"


PUBLIC_QPV = Step("filter public=qpv", filter_select("public"), value="qpv")
MAP_PUBLIC = replace(PUBLIC_QPV, map_change=True)
MAP_MEASURE = Step("measure: next one", filter_select("mesure"), map_change=True)
MAP_LEVEL = Step("level: départements", filter_select("niveau"), value="departement")
MAP_CLICK = Step("click on the map", "#territories-map .js-plotly-plot", action="click")
SCOPED = "?territoire=R84&public=moins_26&financeur={funder}"

CASES: tuple[Case, ...] = (
    Case("/", "national", steps=(PUBLIC_QPV,), main=True),
    Case("/", "région + public + funder", SCOPED),
    Case("/qualite", "national", main=True),
    Case("/qualite", "région", "?territoire=R84"),
    Case("/territoires", "régions", "", (MAP_PUBLIC, MAP_MEASURE, MAP_LEVEL), main=True),
    Case("/territoires", "départements", "?niveau=departement", (MAP_PUBLIC, MAP_MEASURE)),
    Case("/territoires", "zones d'emploi", "?niveau=zone", (MAP_PUBLIC, MAP_MEASURE)),
    Case("/territoires", "région R84", "?territoire=R84", (MAP_PUBLIC, MAP_CLICK)),
    Case("/territoires", "département D69", "?territoire=D69", (MAP_PUBLIC,)),
    Case("/financeurs", "all funders", main=True),
    Case("/financeurs", "one funder", "?financeur={funder}", (PUBLIC_QPV,)),
    Case("/financeurs", "one programme", "?financeur={funder}&programme={programme}"),
    Case("/financeurs/rapport", "funder report", "?financeur={funder}", main=True),
)


def present(paths: Iterable[str], cases: Iterable[Case] = CASES) -> list[Case]:
    """The cases of the registered pages, in `cases` order; a plain visit for a page without
    one; each page's first case is its main one when none is marked."""
    registered, cases = list(paths), list(cases)
    chosen = [case for case in cases if case.path in registered]
    chosen += [
        Case(path, "default", main=True)
        for path in registered
        if not any(case.path == path for case in cases)
    ]
    marked = {case.path for case in chosen if case.main}
    first = {path: next(c for c in chosen if c.path == path) for path in registered}
    return [
        replace(case, main=True) if case.path not in marked and first[case.path] is case else case
        for case in chosen
    ]


def placeholders(programmes: pl.DataFrame) -> dict[str, str]:
    """`{funder}`: the funder with the most programmes (ties by id); `{programme}`: its first."""
    if programmes.is_empty():
        return {"funder": "", "programme": ""}
    counts = (
        programmes.group_by("funder_id").len().sort(["len", "funder_id"], descending=[True, False])
    )
    funder = counts["funder_id"][0]
    mine = programmes.filter(pl.col("funder_id") == funder).sort("programme_id")
    return {"funder": funder, "programme": mine["programme_id"][0]}


def filled(cases: Iterable[Case], values: dict[str, str]) -> list[Case]:
    return [replace(case, search=case.search.format(**values)) for case in cases]
