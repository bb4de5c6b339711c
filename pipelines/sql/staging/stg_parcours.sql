-- stg_parcours: one row per row of the parcours file in use, typed.
select
    rowid as _row,
    parcours_id as _key,
    parcours_id,
    beneficiary_id,
    site_id,
    prescriber_type,
    parse_date(referred_on, $style) as referred_on,
    parse_date(started_on, $style) as started_on,
    parse_date(ended_on, $style) as ended_on,
    sex,
    parse_int(birth_year)::integer as birth_year,
    repair_commune(residence_commune_code) as residence_commune_code,
    parse_bool(is_qpv, $style) as is_qpv,
    entry_status,
    minimum_social,
    parse_bool(energy_precarious, $style) as energy_precarious,
    exit_outcome,
    outcome_6m,
    coalesce(is_repairable_commune(residence_commune_code)::int, 0) as _repairs
from work.raw_parcours
