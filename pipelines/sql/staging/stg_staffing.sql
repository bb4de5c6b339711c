-- stg_staffing: one row per row of the staffing file in use, typed.
select
    rowid as _row,
    concat_ws('|', coalesce(site_id, ''),
              coalesce(parse_date(month, $style)::varchar, month, '')) as _key,
    site_id,
    parse_date(month, $style) as month,
    parse_decimal(counsellor_fte, $style) as counsellor_fte,
    0 as _repairs
from work.raw_staffing
