-- int_communes: one row per commune of the reference, with its zone d'emploi, département, région.
with communes as (select * from ref.communes),
departements as (select * from ref.departements),
located as (
    select
        c.commune_code,
        c.ze_code,
        case when c.commune_code like '97%' then left(c.commune_code, 3)
             else left(c.commune_code, 2) end as dep_code
    from communes as c
),
final as (
    select l.commune_code, l.ze_code, l.dep_code, d.reg_code
    from located as l
    join departements as d using (dep_code)
)
select * from final
