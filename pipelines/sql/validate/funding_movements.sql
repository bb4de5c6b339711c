-- Rules of funding_movements.csv (LANDING.md). One row per broken rule.
-- Parameters: $style, $delivery_date. Parent: staging.stg_programmes.
with raw as (select rowid as _row, * from work.raw_funding_movements)
select _row, 'movement_id' as column_name, 'required' as rule, movement_id as value
from raw where movement_id is null
union all
select _row, 'programme_id', 'required', programme_id from raw where programme_id is null
union all
select _row, 'programme_id', 'foreign_key', programme_id from raw
where programme_id is not null
  and programme_id not in (select programme_id from staging.stg_programmes)
union all
select _row, 'movement_type', 'required', movement_type from raw where movement_type is null
union all
select _row, 'movement_type', 'unknown_code', movement_type from raw
where movement_type not in ('engagement', 'versement')
union all
select _row, 'movement_date', 'required', movement_date from raw where movement_date is null
union all
select _row, 'movement_date', 'invalid_date', movement_date from raw
where movement_date is not null and parse_date(movement_date, $style) is null
union all
select _row, 'amount_eur', 'required', amount_eur from raw where amount_eur is null
union all
select _row, 'amount_eur', 'invalid_decimal', amount_eur from raw
where amount_eur is not null and parse_decimal(amount_eur, $style) is null
union all
select _row, 'amount_eur', 'out_of_range', amount_eur from raw
where parse_decimal(amount_eur, $style) <= 0
