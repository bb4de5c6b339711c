-- int_sites: one row per loaded site, placed in its territory. A well-formed commune missing from
-- the reference (created after its vintage) keeps its département and région and gets the
-- zone d'emploi '0000' ("zone inconnue"); arrondissements take their city's zone.
with sites as (select * from staging.stg_sites),
communes as (select * from intermediate.int_communes),
departements as (select * from ref.departements),
placed as (
    select
        s.*,
        case when s.commune_code like '97%' then left(s.commune_code, 3)
             else left(s.commune_code, 2) end as dep_code,
        c.ze_code as known_ze_code
    from sites as s
    left join communes as c on c.commune_code = city_of_arrondissement(s.commune_code)
),
final as (
    select
        p.site_id,
        p.site_name,
        p.site_type,
        p.commune_code,
        p.known_ze_code is not null as is_commune_known,
        coalesce(p.known_ze_code, '0000') as ze_code,
        p.dep_code,
        d.reg_code,
        p.opened_on,
        p.closed_on
    from placed as p
    join departements as d using (dep_code)
)
select * from final
