-- dim_target: one row per head-office target (year, territory_level, territory_code, kpi), from
-- the optional targets file (empty when no delivery holds it). A KPI without a target shows no status.
with targets as (select * from staging.stg_targets),
final as (
    select year, territory_level, territory_code, kpi, target_value
    from targets
)
select * from final order by year, territory_level, territory_code, kpi
