-- stg_barometer: one row per row of the barometer file in use, typed.
select
    rowid as _row,
    concat_ws('|', coalesce(edition, ''), coalesce(geo_level, ''), coalesce(geo_code, ''),
              coalesce(indicator, '')) as _key,
    parse_int(edition)::integer as edition,
    geo_level,
    geo_code,
    indicator,
    parse_decimal(value, $style) as value,
    parse_int(n_respondents) as n_respondents,
    parse_decimal(ci_low, $style) as ci_low,
    parse_decimal(ci_high, $style) as ci_high,
    0 as _repairs
from work.raw_barometer
