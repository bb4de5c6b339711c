-- quality_served_run: the run that built the served file, as the build records it about itself
-- (meta.runs, one row): its id, the date its data are as of, the deliveries it read
-- (comma-separated folder dates), when it started and finished, its status and message.
with runs as (
    select * from meta.runs
),
final as (
    select run_id, as_of, deliveries, started_at, finished_at, status, message
    from runs
)
select * from final
