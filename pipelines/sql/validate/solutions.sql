-- Rules of solutions.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date. Parent: staging.stg_parcours.
with raw as (select rowid as _row, * from work.raw_solutions)
select _row, 'solution_id' as column_name, 'required' as rule, solution_id as value
from raw where solution_id is null
union all
select _row, 'parcours_id', 'required', parcours_id from raw where parcours_id is null
union all
select _row, 'parcours_id', 'foreign_key', parcours_id from raw
where parcours_id is not null and parcours_id not in (select parcours_id from staging.stg_parcours)
union all
select _row, 'solution_code', 'required', solution_code from raw where solution_code is null
union all
select _row, 'solution_code', 'unknown_code', solution_code from raw
where solution_code not in ('permis_b', 'auto_ecole_sociale', 'location_voiture',
    'location_deux_roues', 'location_velo', 'garage_solidaire', 'leasing_social', 'microcredit',
    'aide_financiere_permis', 'aide_financiere_deplacement', 'titre_transport',
    'atelier_mobilite', 'velo_ecole', 'covoiturage', 'conseil_itineraire')
union all
select _row, 'status', 'required', status from raw where status is null
union all
select _row, 'status', 'unknown_code', status from raw
where status not in ('proposee', 'engagee', 'realisee', 'abandonnee')
union all
-- started_on and completed_on may be null only while the solution is proposed
select _row, 'started_on', 'required', started_on from raw
where started_on is null and status is distinct from 'proposee'
union all
select _row, 'started_on', 'invalid_date', started_on from raw
where started_on is not null and parse_date(started_on, $style) is null
union all
select _row, 'completed_on', 'required', completed_on from raw
where completed_on is null and status is distinct from 'proposee'
union all
select _row, 'completed_on', 'invalid_date', completed_on from raw
where completed_on is not null and parse_date(completed_on, $style) is null
union all
select _row, 'completed_on', 'date_order', completed_on from raw
where parse_date(completed_on, $style) < parse_date(started_on, $style)
union all
select _row, 'amount_eur', 'invalid_decimal', amount_eur from raw
where amount_eur is not null and parse_decimal(amount_eur, $style) is null
union all
select _row, 'amount_eur', 'out_of_range', amount_eur from raw
where parse_decimal(amount_eur, $style) < 0
