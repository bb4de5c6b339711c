-- dim_programme: one row per loaded programme (funding convention).
select
    programme_id, programme_name, funder_id, funder_name, funder_type, period_start, period_end,
    perimeter, budget_eur, target_parcours, target_return_rate, kwh_cumac_per_eur
from staging.stg_programmes
order by programme_id
