-- stg_targets: one row per row of the targets file in use, typed.
select
    rowid as _row,
    concat_ws('|', coalesce(year, ''), coalesce(territory_level, ''),
              coalesce(territory_code, ''), coalesce(kpi, '')) as _key,
    parse_int(year)::integer as year,
    territory_level,
    territory_code,
    kpi,
    parse_decimal(target_value, $style) as target_value,
    0 as _repairs
from work.raw_targets
