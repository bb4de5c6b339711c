-- Rules of targets.csv (LANDING.md, optional table). One row per broken rule.
-- Parameters: $style, $delivery_date.
with raw as (select rowid as _row, * from work.raw_targets)
select _row, 'year' as column_name, 'required' as rule, year as value
from raw where year is null
union all
select _row, 'year', 'invalid_integer', year from raw
where year is not null and parse_int(year) is null
union all
select _row, 'year', 'out_of_range', year from raw where parse_int(year) not between 2000 and 2100
union all
select _row, 'territory_level', 'required', territory_level from raw where territory_level is null
union all
select _row, 'territory_level', 'unknown_code', territory_level from raw
where territory_level not in ('france', 'region', 'departement')
union all
select _row, 'territory_code', 'required', territory_code from raw where territory_code is null
union all
select _row, 'territory_code', 'unknown_territory', territory_code from raw
where (territory_level = 'france' and territory_code <> 'FR')
   or (territory_level = 'region' and territory_code not in (select reg_code from ref.regions))
   or (territory_level = 'departement'
       and territory_code not in (select dep_code from ref.departements))
union all
select _row, 'kpi', 'required', kpi from raw where kpi is null
union all
select _row, 'kpi', 'unknown_code', kpi from raw
where kpi not in ('new_parcours', 'return_to_employment_rate', 'positive_exit_rate',
                  'energy_precarious_share')
union all
select _row, 'target_value', 'required', target_value from raw where target_value is null
union all
select _row, 'target_value', 'invalid_decimal', target_value from raw
where target_value is not null and parse_decimal(target_value, $style) is null
union all
select _row, 'target_value', 'out_of_range', target_value from raw
where parse_decimal(target_value, $style) < 0
