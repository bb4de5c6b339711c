-- filter_programmes: every funder and its programmes, for the filter lists (one row per programme),
-- within the user's programmes.
with programmes as (
    select * from marts.dim_programme
),
final as (
    select funder_id, funder_name, funder_type, programme_id, programme_name, period_start,
           period_end
    from programmes
    where
-- include: scope_programmes
)
select * from final order by funder_name, period_start, programme_name
