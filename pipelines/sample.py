"""A small, hand-made, valid delivery: every table of LANDING.md in the canonical dialect.

The tests build their fixtures from it (and hand-compute the marts it gives); until the demo-data
generator exists, `make demo` builds the warehouse from it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines.contract import TABLES

SAMPLE_DAY = "2026-11-24"
B = "b" * 8  # beneficiary pseudonyms: opaque, at least 16 characters

SITES = [
    ["S01", "Plateforme mobilité Lyon", "plateforme", "69123", "2018-01-01", ""],
    ["S02", "Point d'accueil Bourg-en-Bresse", "point_accueil", "01053", "2019-06-01", ""],
    ["S03", "Permanence Pointe-à-Pitre", "permanence", "97120", "2020-01-01", ""],
]
# parcours_id, beneficiary, site, prescriber, referred, started, ended, sex, birth, residence,
# qpv, entry_status, minimum_social, energy_precarious, exit_outcome, outcome_6m
PARCOURS = [
    [
        "P01",
        B + "00000001",
        "S01",
        "france_travail",
        "2024-01-05",
        "2024-01-10",
        "2024-06-30",
        "F",
        "1990",
        "69381",
        "true",
        "demandeur_emploi_longue_duree",
        "rsa",
        "true",
        "emploi_durable",
        "emploi",
    ],
    [
        "P02",
        B + "00000002",
        "S01",
        "mission_locale",
        "2024-02-01",
        "2024-02-15",
        "2025-01-20",
        "M",
        "2003",
        "69123",
        "false",
        "inactif",
        "aucun",
        "false",
        "formation",
        "formation",
    ],
    [
        "P03",
        B + "00000003",
        "S02",
        "sans_prescripteur",
        "",
        "2024-03-01",
        "2024-09-15",
        "F",
        "1985",
        "01053",
        "false",
        "demandeur_emploi_moins_1an",
        "aucun",
        "true",
        "abandon",
        "",
    ],
    [
        "P04",
        B + "00000004",
        "S02",
        "plie",
        "2024-04-01",
        "2024-04-10",
        "2024-12-01",
        "X",
        "1978",
        "01004",
        "false",
        "emploi_precaire",
        "ass",
        "false",
        "demenagement_reorientation",
        "",
    ],
    [
        "P05",
        B + "00000001",
        "S01",
        "france_travail",
        "2025-01-05",
        "2025-01-10",
        "2025-05-31",
        "F",
        "1990",
        "69381",
        "true",
        "demandeur_emploi_longue_duree",
        "rsa",
        "true",
        "emploi_transition",
        "emploi",
    ],
    [
        "P06",
        B + "00000005",
        "S03",
        "departement",
        "2025-02-01",
        "2025-03-01",
        "2025-10-31",
        "M",
        "1970",
        "97120",
        "true",
        "inactif",
        "rsa",
        "true",
        "solution_mobilite_sans_emploi",
        "",
    ],
    [
        "P07",
        B + "00000006",
        "S03",
        "cap_emploi",
        "2025-06-01",
        "2025-06-15",
        "",
        "F",
        "1999",
        "97101",
        "false",
        "demandeur_emploi_moins_1an",
        "aah",
        "false",
        "",
        "",
    ],
    [
        "P08",
        B + "00000007",
        "S02",
        "siae",
        "2026-01-10",
        "2026-02-01",
        "2026-09-30",
        "M",
        "1995",
        "01053",
        "false",
        "demandeur_emploi_longue_duree",
        "aucun",
        "true",
        "emploi_durable",
        "",
    ],
    [
        "P09",
        B + "00000008",
        "S01",
        "employeur",
        "2026-03-01",
        "2026-03-05",
        "",
        "F",
        "2001",
        "69123",
        "true",
        "emploi_precaire",
        "aucun",
        "false",
        "",
        "",
    ],
    [
        "P10",
        B + "00000009",
        "S01",
        "autre",
        "2023-11-01",
        "2023-11-20",
        "2024-02-28",
        "M",
        "1988",
        "69123",
        "false",
        "demandeur_emploi_moins_1an",
        "aucun",
        "true",
        "emploi_transition",
        "sans_emploi",
    ],
]
SOLUTIONS = [
    ["SOL01", "P01", "permis_b", "realisee", "2024-01-15", "2024-05-30", "1200.50"],
    ["SOL02", "P01", "location_voiture", "realisee", "2024-02-01", "2024-04-30", "310"],
    ["SOL03", "P02", "velo_ecole", "abandonnee", "2024-03-01", "2024-03-15", ""],
    ["SOL04", "P05", "garage_solidaire", "realisee", "2025-02-01", "2025-02-10", "450"],
    ["SOL05", "P07", "microcredit", "proposee", "", "", ""],
    ["SOL06", "P08", "titre_transport", "engagee", "2026-02-05", "2026-12-31", "75.20"],
]
TRIP_SURVEYS = [
    ["P01", "t0", "2024-01-10", "voiture_thermique", "300", "gazole", "6.5"],
    ["P01", "t3", "2024-09-30", "covoiturage", "300", "gazole", "6.5"],
    ["P05", "t0", "2025-01-10", "voiture_thermique", "250", "essence", "7.0"],
    ["P05", "t6", "2025-11-30", "transport_collectif", "250", "aucun", ""],
]
PROGRAMMES = [
    [
        "PRG-C2E",
        "Eco mobilité inclusive",
        "F-CEE",
        "Fournisseur d'énergie",
        "cee_oblige",
        "2019-01-01",
        "2027-12-31",
        "FR",
        "12000000",
        "90000",
        "",
        "540",
    ],
    [
        "PRG-R84",
        "Mobilité emploi Auvergne-Rhône-Alpes",
        "F-R84",
        "Région Auvergne-Rhône-Alpes",
        "region",
        "2024-01-01",
        "2026-12-31",
        "R84|D69",
        "450000",
        "300",
        "0.45",
        "",
    ],
]
FUNDING_MOVEMENTS = [
    ["M01", "PRG-C2E", "engagement", "2024-01-01", "3000000"],
    ["M02", "PRG-C2E", "versement", "2024-06-30", "1500000"],
    ["M03", "PRG-R84", "engagement", "2024-01-15", "150000"],
    ["M04", "PRG-R84", "versement", "2024-03-01", "75000.25"],
]
PARCOURS_PROGRAMMES = [
    ["P01", "PRG-C2E", "0.5"],
    ["P01", "PRG-R84", "0.5"],
    ["P02", "PRG-R84", "1"],
    ["P05", "PRG-C2E", "1"],
]
BAROMETER = [
    ["2024", "france", "FR", "precarite_mobilite", "0.24", "4500", "0.22", "0.26"],
    ["2024", "region", "84", "precarite_mobilite", "0.21", "600", "0.18", "0.24"],
    ["2024", "type_territoire", "rural", "sans_vehicule", "0.09", "1200", "", ""],
]
TRAININGS = [
    ["F2021-01", "2021-03-15", "84", "14", "12", "mission_locale"],
    ["F2021-02", "2021-10-05", "01", "7", "9", "association"],
]
STAFFING = [
    ["S01", "2024-01-01", "2.5"],
    ["S02", "2024-01-01", "1"],
    ["S03", "2024-01-01", "0"],
]
TARGETS = [
    ["2026", "france", "FR", "new_parcours", "5"],
    ["2026", "region", "84", "return_to_employment_rate", "0.48"],
]

ROWS = {
    "sites": SITES,
    "parcours": PARCOURS,
    "solutions": SOLUTIONS,
    "trip_surveys": TRIP_SURVEYS,
    "programmes": PROGRAMMES,
    "funding_movements": FUNDING_MOVEMENTS,
    "parcours_programmes": PARCOURS_PROGRAMMES,
    "barometer": BAROMETER,
    "trainings": TRAININGS,
    "staffing": STAFFING,
    "targets": TARGETS,
}


def tables() -> dict[str, list[dict[str, str]]]:
    """Every table as a list of {column: canonical text} (fresh copies, free to modify)."""
    return {
        t.name: [dict(zip(t.columns, row, strict=True)) for row in ROWS[t.name]] for t in TABLES
    }


def write(out: Path, day: str = SAMPLE_DAY) -> Path:
    """Write the sample as one ready delivery `out/<day>/`; returns the delivery folder."""
    folder = out / day
    folder.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        with (folder / f"{t.name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(t.columns)
            writer.writerows(ROWS[t.name])
    (folder / "_READY").touch()
    return folder
