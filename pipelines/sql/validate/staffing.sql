-- Rules of staffing.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date. Parent: staging.stg_sites.
with raw as (select rowid as _row, * from work.raw_staffing)
select _row, 'site_id' as column_name, 'required' as rule, site_id as value
from raw where site_id is null
union all
select _row, 'site_id', 'foreign_key', site_id from raw
where site_id is not null and site_id not in (select site_id from staging.stg_sites)
union all
select _row, 'month', 'required', month from raw where month is null
union all
select _row, 'month', 'invalid_date', month from raw
where month is not null and parse_date(month, $style) is null
union all
select _row, 'month', 'not_first_of_month', month from raw
where day(parse_date(month, $style)) <> 1
union all
select _row, 'counsellor_fte', 'required', counsellor_fte from raw where counsellor_fte is null
union all
select _row, 'counsellor_fte', 'invalid_decimal', counsellor_fte from raw
where counsellor_fte is not null and parse_decimal(counsellor_fte, $style) is null
union all
select _row, 'counsellor_fte', 'out_of_range', counsellor_fte from raw
where parse_decimal(counsellor_fte, $style) < 0
