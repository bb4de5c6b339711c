"""The whole view state lives in the URL: parsing it (untrusted) and writing it back (pure).

Query parameters, all optional (French names, as users see them in a shared address):
- `lang`: `fr` (default) or `en`;
- `periode`: a year `2025`, a quarter `2025-T3`, a month `2025-11`, or a free range
  `2025-01-15..2025-03-31` (internal roles); absent: the current year to date;
- `territoire`: `FR` (default), a région `R84`, a département `D69`, a zone d'emploi `Z8405`;
- `financeur`, `programme`: a funder id, a programme id;
- `public`: one segment of SEGMENTS;
- `grand`: `1` for the large-type projector mode;
- `rejets`: on the quality page, the source table whose quarantined rows are open;
- `niveau`: on the territories page, the map's level at national scale (`region`, the default,
  `departement` or `zone`; a région shows its départements, or its zones d'emploi with `zone`);
- `mesure`: on the territories page, the map's KPI (a key of `dashboard.measures`);
- `tri`: on the territories page, the ranking's order (`valeur` descending, the default,
  `valeur-croissante`, `nom`).
Anything malformed is dropped (the default applies): a URL never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode

from dashboard.i18n import language
from dashboard.measures import MEASURES

MEASURE_KEYS = tuple(m.key for m in MEASURES)  # the first is the default
FIRST_DAY = date(2019, 1, 1)  # the first day of activity the warehouse holds
SEGMENTS = ("moins_26", "qpv", "minima_sociaux", "deld", "precarite_energetique")
PARAMETERS = (
    "lang",
    "periode",
    "territoire",
    "financeur",
    "programme",
    "public",
    "grand",
    "rejets",
    "niveau",
    "mesure",
    "tri",
)
LEVELS = ("region", "departement", "zone")
SORTS = ("valeur", "valeur-croissante", "nom")
IDENTIFIER = re.compile(r"[A-Za-z0-9_\-]{1,40}")
TERRITORY = re.compile(r"FR|R[0-9]{2}|D(?:[0-9]{2}|2[AB]|97[1-6])|Z[0-9]{4}")


@dataclass(frozen=True)
class Period:
    kind: str  # "year", "quarter", "month" or "range"
    start: date
    end: date
    code: str  # as written in the URL

    def previous(self) -> Period:
        """The period of the same kind just before (a range: the same number of days before)."""
        if self.kind == "year":
            return year_period(self.start.year - 1)
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            year, quarter = (
                (self.start.year, quarter - 1) if quarter > 1 else (self.start.year - 1, 4)
            )
            return quarter_period(year, quarter)
        if self.kind == "month":
            last = self.start - timedelta(days=1)
            return month_period(last.year, last.month)
        days = (self.end - self.start).days + 1
        end = self.start - timedelta(days=1)
        start = end - timedelta(days=days - 1)
        return Period("range", start, end, f"{start.isoformat()}..{end.isoformat()}")

    def clipped(self, as_of: date) -> Period:
        """The part of the period up to the as-of date (the current year to date)."""
        return replace(self, end=min(self.end, as_of))


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31), str(year))


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = _month_end(year, 3 * quarter)
    return Period("quarter", start, end, f"{year}-T{quarter}")


def month_period(year: int, month: int) -> Period:
    return Period("month", date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def parse_period(code: object) -> Period | None:
    """A period from its URL code; None when malformed or impossible."""
    if not isinstance(code, str) or len(code) > 22:
        return None
    try:
        if m := re.fullmatch(r"(20[0-9]{2})", code):
            return year_period(int(m[1]))
        if m := re.fullmatch(r"(20[0-9]{2})-T([1-4])", code):
            return quarter_period(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(20[0-9]{2})-(0[1-9]|1[0-2])", code):
            return month_period(int(m[1]), int(m[2]))
        if m := re.fullmatch(
            r"(20[0-9]{2}-[0-9]{2}-[0-9]{2})\.\.(20[0-9]{2}-[0-9]{2}-[0-9]{2})", code
        ):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            return Period("range", start, end, code) if start <= end else None
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class ViewState:
    lang: str = "fr"
    periode: str | None = None
    territoire: str = "FR"
    financeur: str | None = None
    programme: str | None = None
    public: str | None = None
    grand: bool = False
    rejets: str | None = None
    niveau: str | None = None
    mesure: str | None = None
    tri: str | None = None

    def period(self, as_of: date) -> Period:
        """The chosen period, or the as-of year to date. A period that starts after the as-of
        date or ends before the data begin gives the default; a range is clamped to the data."""
        chosen = parse_period(self.periode) if self.periode else None
        if chosen is None or chosen.start > as_of or chosen.end < FIRST_DAY:
            return year_period(as_of.year)
        if chosen.kind == "range" and (chosen.start < FIRST_DAY or chosen.end > as_of):
            start, end = max(chosen.start, FIRST_DAY), min(chosen.end, as_of)
            return Period("range", start, end, f"{start.isoformat()}..{end.isoformat()}")
        return chosen

    def with_values(self, **values: object) -> ViewState:
        return from_query({**self.to_params(), **values})

    def to_params(self) -> dict[str, str]:
        """The non-default parameters, in a stable order."""
        params = {
            "lang": self.lang if self.lang != "fr" else None,
            "periode": self.periode,
            "territoire": self.territoire if self.territoire != "FR" else None,
            "financeur": self.financeur,
            "programme": self.programme,
            "public": self.public,
            "grand": "1" if self.grand else None,
            "rejets": self.rejets,
            "niveau": self.niveau,
            "mesure": self.mesure,
            "tri": self.tri,
        }
        return {key: value for key, value in params.items() if value}

    def to_search(self) -> str:
        """`?a=b&…` for the URL (empty when everything is default)."""
        params = self.to_params()
        return "?" + urlencode(params) if params else ""


def _identifier(value: object) -> str | None:
    return value if isinstance(value, str) and IDENTIFIER.fullmatch(value) else None


def from_query(query: dict[str, object]) -> ViewState:
    """A view state from page query values (strings, or lists when repeated); never raises."""
    first = {k: (v[0] if isinstance(v, list) and v else v) for k, v in query.items()}
    periode = first.get("periode")
    territoire = first.get("territoire")
    public = first.get("public")
    return ViewState(
        lang=language(first.get("lang")),
        periode=periode if parse_period(periode) else None,
        territoire=territoire
        if isinstance(territoire, str) and TERRITORY.fullmatch(territoire)
        else "FR",
        financeur=_identifier(first.get("financeur")),
        programme=_identifier(first.get("programme")),
        public=public if public in SEGMENTS else None,
        grand=first.get("grand") == "1",
        rejets=_identifier(first.get("rejets")),
        niveau=_one_of(first.get("niveau"), LEVELS[1:]),  # the default level is not written
        mesure=_one_of(first.get("mesure"), MEASURE_KEYS[1:]),
        tri=_one_of(first.get("tri"), SORTS[1:]),
    )


def _one_of(value: object, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def from_search(search: str | None) -> ViewState:
    """A view state from `location.search` (`?a=b&…`); anything but a string is the default
    view (a crafted request may send anything)."""
    text = search if isinstance(search, str) else ""
    return from_query(parse_qs(text.lstrip("?")))


def within(state: ViewState, funder_id: str | None) -> ViewState:
    """The view as a user may have it: a funder's view is always of its own funder (the data
    layer applies the scope in SQL whatever the view says; this keeps the screen saying so)."""
    if funder_id is not None and state.financeur != funder_id:
        return state.with_values(financeur=funder_id)
    return state
