-- stg_sites: one row per row of the sites file in use, typed (all rows; quarantine applied after).
select
    rowid as _row,
    site_id as _key,
    site_id,
    site_name,
    site_type,
    repair_commune(commune_code) as commune_code,
    parse_date(opened_on, $style) as opened_on,
    parse_date(closed_on, $style) as closed_on,
    coalesce(is_repairable_commune(commune_code)::int, 0) as _repairs
from work.raw_sites
