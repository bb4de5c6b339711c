-- quality_sources: freshness per source table, one row per file in use in the served build
-- (meta.load_log where in_use): the delivery (folder date) it came from, how it was read, its
-- rows read / loaded / quarantined, the repairs made, its warnings, and the age of its delivery
-- in days against the build's as-of date (meta.runs).
with load_log as (
    select * from meta.load_log where in_use
),
runs as (
    select as_of from meta.runs
),
final as (
    select
        l.table_name,
        try_cast(l.delivery as date) as delivery_on,
        l.file_name,
        l.dialect,
        l.rows_read,
        l.rows_loaded,
        l.rows_quarantined,
        l.repairs,
        r.as_of - try_cast(l.delivery as date) as age_days,
        nullif(trim(l.warnings), '') as warnings
    from load_log as l
    cross join runs as r
)
select * from final order by table_name
