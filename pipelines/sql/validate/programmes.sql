-- Rules of programmes.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date. Territory codes are checked against ref.regions/departements.
with raw as (select rowid as _row, * from work.raw_programmes),
perimeter_parts as (
    select _row, perimeter, unnest(string_split(perimeter, '|')) as part
    from raw where perimeter is not null and perimeter <> 'FR'
)
select _row, 'programme_id' as column_name, 'required' as rule, programme_id as value
from raw where programme_id is null
union all
select _row, 'programme_name', 'required', programme_name from raw where programme_name is null
union all
select _row, 'funder_id', 'required', funder_id from raw where funder_id is null
union all
select _row, 'funder_name', 'required', funder_name from raw where funder_name is null
union all
select _row, 'funder_type', 'required', funder_type from raw where funder_type is null
union all
select _row, 'funder_type', 'unknown_code', funder_type from raw
where funder_type not in ('etat', 'region', 'departement', 'epci', 'france_travail', 'fse',
                          'cee_oblige', 'fondation', 'entreprise')
union all
select _row, 'period_start', 'required', period_start from raw where period_start is null
union all
select _row, 'period_start', 'invalid_date', period_start from raw
where period_start is not null and parse_date(period_start, $style) is null
union all
select _row, 'period_end', 'required', period_end from raw where period_end is null
union all
select _row, 'period_end', 'invalid_date', period_end from raw
where period_end is not null and parse_date(period_end, $style) is null
union all
select _row, 'period_end', 'date_order', period_end from raw
where parse_date(period_end, $style) < parse_date(period_start, $style)
union all
select _row, 'perimeter', 'required', perimeter from raw where perimeter is null
union all
-- `FR`, or a `|`-separated list of known région (R84) and département (D69) codes
select distinct _row, 'perimeter', 'invalid_perimeter', perimeter from perimeter_parts
where not (
    (part like 'R%' and substr(part, 2) in (select reg_code from ref.regions))
    or (part like 'D%' and substr(part, 2) in (select dep_code from ref.departements))
)
union all
select _row, 'budget_eur', 'required', budget_eur from raw where budget_eur is null
union all
select _row, 'budget_eur', 'invalid_decimal', budget_eur from raw
where budget_eur is not null and parse_decimal(budget_eur, $style) is null
union all
select _row, 'budget_eur', 'out_of_range', budget_eur from raw
where parse_decimal(budget_eur, $style) <= 0
union all
select _row, 'target_parcours', 'invalid_integer', target_parcours from raw
where target_parcours is not null and parse_int(target_parcours) is null
union all
select _row, 'target_parcours', 'out_of_range', target_parcours from raw
where parse_int(target_parcours) < 0
union all
select _row, 'target_return_rate', 'invalid_decimal', target_return_rate from raw
where target_return_rate is not null and parse_decimal(target_return_rate, $style) is null
union all
select _row, 'target_return_rate', 'out_of_range', target_return_rate from raw
where parse_decimal(target_return_rate, $style) not between 0 and 1
union all
select _row, 'kwh_cumac_per_eur', 'invalid_decimal', kwh_cumac_per_eur from raw
where kwh_cumac_per_eur is not null and parse_decimal(kwh_cumac_per_eur, $style) is null
union all
select _row, 'kwh_cumac_per_eur', 'out_of_range', kwh_cumac_per_eur from raw
where parse_decimal(kwh_cumac_per_eur, $style) < 0
union all
-- certificates per euro exist for the energy-savings obligated parties' programmes only
select _row, 'kwh_cumac_per_eur', 'null_mismatch', kwh_cumac_per_eur from raw
where kwh_cumac_per_eur is not null and funder_type is distinct from 'cee_oblige'
