-- _spark_months: not a query but a CTE that queries include with `-- include: spark_months`:
-- `periods`, one row per month from $spark_start to $spark_end (first days) with its first and
-- last day — the months of a sparkline.
periods as (
    select
        month::date as period,
        month::date as first_day,
        (month + interval 1 month - interval 1 day)::date as last_day
    from range($spark_start::date, $spark_end::date + interval 1 day, interval 1 month)
        as months(month)
),
