-- overview_programme: the chosen programme's convention (period, target) for its progress, when
-- it is one of the user's programmes.
with programmes as (
    select * from marts.dim_programme
),
final as (
    select programme_id, programme_name, funder_name, period_start, period_end,
           target_parcours, target_return_rate
    from programmes
    where programme_id = $programme_id
      and
-- include: scope_programmes
)
select * from final
