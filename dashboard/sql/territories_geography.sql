-- territories_geography: every territory of the reference, whether or not the association has a
-- site there (a map draws them all; an empty one reads "no site", not zero): level, code, name,
-- its régions and départements (one each for a région or département; a zone d'emploi lists
-- every one it touches).
with regions as (
    select 'region' as level, reg_code as code, reg_name as name,
        [reg_code] as reg_codes, []::varchar[] as dep_codes
    from marts.dim_region
),
departements as (
    select 'departement', dep_code, dep_name, [reg_code], [dep_code]
    from marts.dim_departement
),
zones as (
    select 'zone', ze_code, ze_name, reg_codes, dep_codes
    from marts.dim_zone_emploi
    where ze_code <> '0000'
),
final as (
    select * from regions
    union all
    select * from departements
    union all
    select * from zones
)
select * from final order by level, code
