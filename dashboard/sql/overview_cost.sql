-- overview_cost: cost per parcours per period 'current' / 'previous' (PRODUCT.md: programme
-- payments attributed by share ÷ parcours funded, by share): payments dated in the period ÷ the
-- funding shares of the parcours started in the period, for the view's funder or programme
-- (null: every programme), within the user's programmes. National: payments are not territorial.
with periods as (
    select 'current' as period, $start::date as first_day, $end::date as last_day
    union all
    select 'previous', $previous_start::date, $previous_end::date
),
programmes as (
    select programme_id from marts.dim_programme
    where ($programme_id::varchar is null or programme_id = $programme_id)
      and ($funder_id::varchar is null or funder_id = $funder_id)
      and
-- include: scope_programmes
),
paid as (
    select p.period, sum(m.amount_eur) as payments_eur
    from periods as p
    join marts.fct_funding_movement as m
        on m.movement_date between p.first_day and p.last_day
    where m.movement_type = 'versement'
      and m.programme_id in (select programme_id from programmes)
    group by p.period
),
funded as (
    select p.period, sum(l.share) as parcours_funded_by_share
    from periods as p
    join marts.fct_parcours_programme as l on l.started_on between p.first_day and p.last_day
    where l.programme_id in (select programme_id from programmes)
    group by p.period
),
final as (
    select
        p.period,
        coalesce(paid.payments_eur, 0) as payments_eur,
        coalesce(funded.parcours_funded_by_share, 0) as parcours_funded_by_share
    from periods as p
    left join paid using (period)
    left join funded using (period)
)
select * from final order by period
