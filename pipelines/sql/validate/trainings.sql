-- Rules of trainings.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date.
with raw as (select rowid as _row, * from work.raw_trainings)
select _row, 'session_id' as column_name, 'required' as rule, session_id as value
from raw where session_id is null
union all
select _row, 'session_date', 'required', session_date from raw where session_date is null
union all
select _row, 'session_date', 'invalid_date', session_date from raw
where session_date is not null and parse_date(session_date, $style) is null
union all
select _row, 'region_code', 'required', region_code from raw where region_code is null
union all
select _row, 'region_code', 'unknown_territory', region_code from raw
where region_code not in (select reg_code from ref.regions)
union all
select _row, 'hours', 'required', hours from raw where hours is null
union all
select _row, 'hours', 'invalid_decimal', hours from raw
where hours is not null and parse_decimal(hours, $style) is null
union all
select _row, 'hours', 'out_of_range', hours from raw where parse_decimal(hours, $style) <= 0
union all
select _row, 'participants', 'required', participants from raw where participants is null
union all
select _row, 'participants', 'invalid_integer', participants from raw
where participants is not null and parse_int(participants) is null
union all
select _row, 'participants', 'out_of_range', participants from raw
where parse_int(participants) <= 0
union all
select _row, 'participant_org_type', 'required', participant_org_type from raw
where participant_org_type is null
union all
select _row, 'participant_org_type', 'unknown_code', participant_org_type from raw
where participant_org_type not in ('association', 'france_travail', 'mission_locale',
                                   'collectivite', 'entreprise', 'interne')
