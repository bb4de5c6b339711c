-- data_version: the run that built the served file and the date its data are as of (one row).
-- Reads meta.runs, which every build writes about itself; a build that did not pass its audit
-- gives no row (and is then refused as unavailable).
with runs as (
    select run_id, status, as_of from meta.runs
),
final as (
    select run_id, as_of from runs where status = 'succeeded'
)
select * from final
