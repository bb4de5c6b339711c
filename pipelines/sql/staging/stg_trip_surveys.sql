-- stg_trip_surveys: one row per row of the trip_surveys file in use, typed.
select
    rowid as _row,
    concat_ws('|', coalesce(parcours_id, ''), coalesce(wave, '')) as _key,
    parcours_id,
    wave,
    parse_date(collected_on, $style) as collected_on,
    main_mode,
    parse_decimal(km_per_week, $style) as km_per_week,
    fuel,
    parse_decimal(litres_per_100km, $style) as litres_per_100km,
    0 as _repairs
from work.raw_trip_surveys
