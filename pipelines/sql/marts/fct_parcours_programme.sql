-- fct_parcours_programme: one row per funding link (parcours, programme) with its share, the
-- programme's funder and the parcours' start and site territory; sorted by started_on. A funder's
-- parcours are counted by share, so that funders' totals reconcile with the association's.
with links as (select * from staging.stg_parcours_programmes),
programmes as (select * from staging.stg_programmes),
parcours as (select * from intermediate.int_parcours),
final as (
    select
        l.parcours_id,
        l.programme_id,
        g.funder_id,
        g.funder_type,
        l.share,
        p.started_on,
        p.reg_code,
        p.dep_code,
        p.ze_code
    from links as l
    join programmes as g using (programme_id)
    join parcours as p using (parcours_id)
)
select * from final order by started_on, parcours_id, programme_id
