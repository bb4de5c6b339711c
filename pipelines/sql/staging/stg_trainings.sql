-- stg_trainings: one row per row of the trainings file in use, typed.
select
    rowid as _row,
    session_id as _key,
    session_id,
    parse_date(session_date, $style) as session_date,
    region_code,
    parse_decimal(hours, $style) as hours,
    parse_int(participants) as participants,
    participant_org_type,
    0 as _repairs
from work.raw_trainings
