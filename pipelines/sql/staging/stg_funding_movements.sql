-- stg_funding_movements: one row per row of the funding_movements file in use, typed.
select
    rowid as _row,
    movement_id as _key,
    movement_id,
    programme_id,
    movement_type,
    parse_date(movement_date, $style) as movement_date,
    parse_decimal(amount_eur, $style) as amount_eur,
    0 as _repairs
from work.raw_funding_movements
