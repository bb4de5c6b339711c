-- filter_territories: the territories where the association has sites, for the filter lists —
-- one row per (level, code, parent région): régions, their départements, and the zones d'emploi
-- listed under every région they touch (PRODUCT.md: where a parcours belongs).
with sites as (
    select * from marts.dim_site
),
regions as (
    select 'region' as level, reg_code as code, reg_name as name, reg_code as parent
    from marts.dim_region
    where reg_code in (select reg_code from sites)
),
departements as (
    select 'departement' as level, dep_code as code, dep_name as name, reg_code as parent
    from marts.dim_departement
    where dep_code in (select dep_code from sites)
),
zones as (
    select 'zone' as level, ze_code as code, ze_name as name, unnest(reg_codes) as parent
    from marts.dim_zone_emploi
    where ze_code in (select ze_code from sites)
),
final as (
    select * from regions
    union all
    select * from departements
    union all
    select * from zones where parent in (select reg_code from sites)
)
select * from final order by level, parent, name
