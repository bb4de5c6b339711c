-- stg_programmes: one row per row of the programmes file in use, typed.
select
    rowid as _row,
    programme_id as _key,
    programme_id,
    programme_name,
    funder_id,
    funder_name,
    funder_type,
    parse_date(period_start, $style) as period_start,
    parse_date(period_end, $style) as period_end,
    perimeter,
    parse_decimal(budget_eur, $style) as budget_eur,
    parse_int(target_parcours) as target_parcours,
    parse_decimal(target_return_rate, $style) as target_return_rate,
    parse_decimal(kwh_cumac_per_eur, $style) as kwh_cumac_per_eur,
    0 as _repairs
from work.raw_programmes
