-- fct_funding_movement: one row per loaded funding movement (a commitment or a payment) with its
-- programme's funder; sorted by movement_date. Movements are loaded whatever their date: a
-- figure "to date" filters movement_date ≤ the as-of date.
with movements as (select * from staging.stg_funding_movements),
programmes as (select * from staging.stg_programmes),
final as (
    select
        m.movement_id,
        m.programme_id,
        g.funder_id,
        m.movement_type,
        m.movement_date,
        m.amount_eur
    from movements as m
    join programmes as g using (programme_id)
)
select * from final order by movement_date, movement_id
