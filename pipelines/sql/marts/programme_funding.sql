-- programme_funding: one row per loaded programme: money committed and paid to date, parcours
-- funded counted by share (so that programmes reconcile with the association's total).
with programmes as (select * from staging.stg_programmes),
movements as (
    select
        programme_id,
        sum(amount_eur) filter (where movement_type = 'engagement') as committed_eur,
        sum(amount_eur) filter (where movement_type = 'versement') as paid_eur
    from staging.stg_funding_movements
    where movement_date <= $as_of
    group by programme_id
),
funded as (
    select programme_id, count(*) as parcours_funded, sum(share) as parcours_funded_by_share
    from staging.stg_parcours_programmes
    group by programme_id
),
final as (
    select
        p.programme_id,
        p.funder_id,
        p.budget_eur,
        coalesce(m.committed_eur, 0) as committed_eur,
        coalesce(m.paid_eur, 0) as paid_eur,
        coalesce(f.parcours_funded, 0) as parcours_funded,
        coalesce(f.parcours_funded_by_share, 0) as parcours_funded_by_share,
        p.target_parcours,
        coalesce(m.paid_eur, 0) * p.kwh_cumac_per_eur as kwh_cumac
    from programmes as p
    left join movements as m using (programme_id)
    left join funded as f using (programme_id)
)
select * from final order by programme_id
