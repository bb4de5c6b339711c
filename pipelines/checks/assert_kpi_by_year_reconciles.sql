-- severity: error
-- Every loaded parcours is counted once as new in kpi_by_year, and once as closed if it ended.
with mart as (
    select sum(new_parcours) as new_parcours, sum(closed_parcours) as closed_parcours
    from marts.kpi_by_year
),
source as (
    select count(*) as new_parcours, count(ended_on) as closed_parcours
    from staging.stg_parcours
)
select 'new_parcours' as measure, mart.new_parcours as in_mart, source.new_parcours as in_staging
from mart, source
where coalesce(mart.new_parcours, 0) <> source.new_parcours
union all
select 'closed_parcours', mart.closed_parcours, source.closed_parcours
from mart, source
where coalesce(mart.closed_parcours, 0) <> source.closed_parcours
