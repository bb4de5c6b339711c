-- stg_solutions: one row per row of the solutions file in use, typed.
select
    rowid as _row,
    solution_id as _key,
    solution_id,
    parcours_id,
    solution_code,
    status,
    parse_date(started_on, $style) as started_on,
    parse_date(completed_on, $style) as completed_on,
    parse_decimal(amount_eur, $style) as amount_eur,
    0 as _repairs
from work.raw_solutions
