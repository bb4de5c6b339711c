-- programme_funding: one row per loaded programme: money committed and paid to date, parcours
-- funded counted by share (so that programmes reconcile with the association's total), and the
-- parcours started within the convention up to the as-of date — whole, counted once per funder
-- (summed over a funder's programmes: its parcours, a parcours funded by two of its programmes
-- once), by share, and their positive exits by share. Reads marts.fct_parcours_programme, which
-- the build makes first (marts run in file-name order).
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
convention_links as (
    select
        programme_id,
        is_first_of_funder,
        share::decimal(18, 6) as share,
        is_in_outcome_base and is_positive_exit and ended_on <= $as_of as is_positive
    from marts.fct_parcours_programme
    where is_in_convention and started_on <= $as_of
),
in_convention as (
    -- shares summed as decimals: totals add up to the cent
    select
        programme_id,
        count(*) as parcours_started_in_convention,
        count(*) filter (where is_first_of_funder) as funder_parcours_started_in_convention,
        sum(share) as parcours_started_in_convention_by_share,
        coalesce(sum(share) filter (where is_positive), 0) as positive_exits_in_convention_by_share
    from convention_links
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
        coalesce(m.paid_eur, 0) * p.kwh_cumac_per_eur as kwh_cumac,
        coalesce(c.parcours_started_in_convention, 0) as parcours_started_in_convention,
        coalesce(c.funder_parcours_started_in_convention, 0)
            as funder_parcours_started_in_convention,
        coalesce(c.parcours_started_in_convention_by_share, 0)
            as parcours_started_in_convention_by_share,
        coalesce(c.positive_exits_in_convention_by_share, 0)
            as positive_exits_in_convention_by_share
    from programmes as p
    left join movements as m using (programme_id)
    left join funded as f using (programme_id)
    left join in_convention as c using (programme_id)
)
select * from final order by programme_id
