"""`python -m pipelines rejects --run ID --out FILE.csv`: quarantined rows, to send back to the
owner of the source system. Semicolon-separated UTF-8 with BOM so that spreadsheet software
opens it right; one line per broken rule, with the rule explained in French."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from pipelines import publish
from pipelines.config import Settings

RULES_FR = {
    "required": "valeur obligatoire manquante",
    "invalid_date": "date illisible (attendu AAAA-MM-JJ, ou JJ/MM/AAAA dans l'export tableur)",
    "invalid_decimal": "nombre illisible",
    "invalid_integer": "nombre entier illisible",
    "invalid_boolean": "booléen illisible (true/false/1/0, ou oui/non)",
    "unknown_code": "code hors de la liste autorisée",
    "out_of_range": "valeur hors de l'intervalle autorisé",
    "future_date": "date postérieure à la date de la livraison",
    "date_order": "date antérieure à la date dont elle dépend",
    "invalid_commune_code": "code commune INSEE mal formé",
    "unknown_territory": "code de territoire inconnu",
    "invalid_perimeter": "périmètre mal formé (FR, ou liste R<région>|D<département>)",
    "not_first_of_month": "le mois doit être le premier jour du mois",
    "pseudonym_too_short": "pseudonyme trop court (16 caractères au moins)",
    "not_pseudonymous": "identifiant qui ressemble à une donnée personnelle (valeur masquée)",
    "null_mismatch": "valeur présente ou absente à tort au vu des autres colonnes",
    "outcome_not_due": "situation à 6 mois renseignée avant son échéance",
    "share_sum_exceeds_one": "les parts de financement du parcours dépassent 1",
    "foreign_key": "référence à un enregistrement inexistant",
    "parent_quarantined": "l'enregistrement parent a été mis en quarantaine",
    "duplicate": "copie identique d'une ligne déjà lue",
    "conflicting_duplicate": "même clé que d'autres lignes, avec des valeurs différentes",
    "unreadable_file": "fichier illisible",
    "missing_column": "colonne obligatoire absente",
}
HEADER = [
    "livraison",
    "fichier",
    "table",
    "ligne",
    "cle",
    "colonne",
    "regle",
    "explication",
    "valeur",
]


class RejectsError(RuntimeError):
    pass


def export(settings: Settings, run_id: str, out: Path, table: str | None = None) -> int:
    path = publish.build_path(settings, run_id)
    if not path.is_file():
        kept = ", ".join(publish.kept_run_ids(settings)) or "none"
        raise RejectsError(f"no kept build for run {run_id} (kept: {kept}).")
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select delivery, file_name, table_name, line_number, record_key, column_name, rule, "
            "value from quarantine.rejects where $table is null or table_name = $table "
            "order by table_name, line_number nulls first, column_name, rule",
            {"table": table},
        ).fetchall()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for delivery, file_name, table_name, line, key, column, rule, value in rows:
            writer.writerow(
                [
                    delivery,
                    file_name,
                    table_name,
                    "" if line is None else line,
                    key or "",
                    column or "",
                    rule,
                    RULES_FR.get(rule, rule),
                    value or "",
                ]
            )
    return len(rows)
