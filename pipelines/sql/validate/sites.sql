-- Rules of sites.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style (file dialect), $delivery_date (date of the delivery holding the file).
with raw as (select rowid as _row, * from work.raw_sites)
select _row, 'site_id' as column_name, 'required' as rule, site_id as value
from raw where site_id is null
union all
select _row, 'site_name', 'required', site_name from raw where site_name is null
union all
select _row, 'site_type', 'required', site_type from raw where site_type is null
union all
select _row, 'site_type', 'unknown_code', site_type from raw
where site_type not in ('plateforme', 'point_accueil', 'permanence')
union all
select _row, 'commune_code', 'required', commune_code from raw where commune_code is null
union all
select _row, 'commune_code', 'invalid_commune_code', commune_code from raw
where not is_wellformed_commune(repair_commune(commune_code))
union all
select _row, 'opened_on', 'required', opened_on from raw where opened_on is null
union all
select _row, 'opened_on', 'invalid_date', opened_on from raw
where opened_on is not null and parse_date(opened_on, $style) is null
union all
select _row, 'closed_on', 'invalid_date', closed_on from raw
where closed_on is not null and parse_date(closed_on, $style) is null
union all
select _row, 'closed_on', 'date_order', closed_on from raw
where parse_date(closed_on, $style) < parse_date(opened_on, $style)
