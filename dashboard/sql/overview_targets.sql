-- overview_targets: head office's targets for the years of the period, at the view's level
-- ($level: france, region or departement; $code: FR or the INSEE code). No row: no target.
with targets as (
    select * from marts.dim_target
),
final as (
    select year, kpi, target_value
    from targets
    where $scope_all_programmes  -- head office's own targets: not a funder's
      and territory_level = $level
      and territory_code = $code
      and year between year($start::date) and year($end::date)
)
select * from final order by year, kpi
