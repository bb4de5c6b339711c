-- quality_rejects: the quarantined rows of one source table ($table_name), one row per broken
-- rule, at most $row_limit, in file order. They hold personal data: the data steward only
-- (dashboard.queries.quality_rejects refuses any other role).
with rejects as (
    select * from quarantine.rejects where table_name = $table_name
),
final as (
    select line_number, record_key, column_name, rule, value, delivery, file_name
    from rejects
)
select * from final
order by line_number nulls first, column_name, rule
limit $row_limit
