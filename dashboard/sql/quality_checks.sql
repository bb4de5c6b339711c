-- quality_checks: the results of the build's checks (meta.check_results, one row per check of
-- pipelines/checks/), failing ones first: failed, then warnings, then passed; blocking
-- (severity error) before warnings within each.
with results as (
    select * from meta.check_results
),
final as (
    select
        "check" as check_name,
        severity,
        status,
        failing_rows,
        description
    from results
)
select * from final
order by
    case status when 'fail' then 0 when 'warn' then 1 when 'pass' then 3 else 2 end,
    case severity when 'error' then 0 else 1 end,
    check_name
