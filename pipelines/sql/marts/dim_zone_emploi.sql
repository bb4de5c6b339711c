-- dim_zone_emploi: one row per zone d'emploi 2020, plus '0000' "zone inconnue" for sites whose
-- commune is missing from the reference. A zone crossing borders lists every région it touches.
select ze_code, ze_name, is_overseas, reg_codes, dep_codes, population
from ref.zones_emploi
union all
select '0000', 'Zone inconnue', false, []::varchar[], []::varchar[], null
order by ze_code
