-- Rules of trip_surveys.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date. Parent: staging.stg_parcours.
with raw as (select rowid as _row, * from work.raw_trip_surveys)
select _row, 'parcours_id' as column_name, 'required' as rule, parcours_id as value
from raw where parcours_id is null
union all
select _row, 'parcours_id', 'foreign_key', parcours_id from raw
where parcours_id is not null and parcours_id not in (select parcours_id from staging.stg_parcours)
union all
select _row, 'wave', 'required', wave from raw where wave is null
union all
select _row, 'wave', 'unknown_code', wave from raw where wave not in ('t0', 't3', 't6')
union all
select _row, 'collected_on', 'required', collected_on from raw where collected_on is null
union all
select _row, 'collected_on', 'invalid_date', collected_on from raw
where collected_on is not null and parse_date(collected_on, $style) is null
union all
select _row, 'main_mode', 'required', main_mode from raw where main_mode is null
union all
select _row, 'main_mode', 'unknown_code', main_mode from raw
where main_mode not in ('voiture_thermique', 'voiture_electrique', 'deux_roues_motorise',
                        'covoiturage', 'transport_collectif', 'velo', 'marche', 'aucun')
union all
select _row, 'km_per_week', 'required', km_per_week from raw where km_per_week is null
union all
select _row, 'km_per_week', 'invalid_decimal', km_per_week from raw
where km_per_week is not null and parse_decimal(km_per_week, $style) is null
union all
select _row, 'km_per_week', 'out_of_range', km_per_week from raw
where parse_decimal(km_per_week, $style) not between 0 and 3000
union all
select _row, 'fuel', 'required', fuel from raw where fuel is null
union all
select _row, 'fuel', 'unknown_code', fuel from raw
where fuel not in ('essence', 'gazole', 'electrique', 'aucun')
union all
-- litres_per_100km: required for essence and gazole, null otherwise
select _row, 'litres_per_100km', 'required', litres_per_100km from raw
where litres_per_100km is null and fuel in ('essence', 'gazole')
union all
select _row, 'litres_per_100km', 'null_mismatch', litres_per_100km from raw
where litres_per_100km is not null and fuel is distinct from 'essence'
  and fuel is distinct from 'gazole'
union all
select _row, 'litres_per_100km', 'invalid_decimal', litres_per_100km from raw
where litres_per_100km is not null and parse_decimal(litres_per_100km, $style) is null
union all
select _row, 'litres_per_100km', 'out_of_range', litres_per_100km from raw
where parse_decimal(litres_per_100km, $style) not between 2 and 25
