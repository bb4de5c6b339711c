-- stg_parcours_programmes: one row per row of the parcours_programmes file in use, typed.
select
    rowid as _row,
    concat_ws('|', coalesce(parcours_id, ''), coalesce(programme_id, '')) as _key,
    parcours_id,
    programme_id,
    parse_decimal(share, $style) as share,
    0 as _repairs
from work.raw_parcours_programmes
