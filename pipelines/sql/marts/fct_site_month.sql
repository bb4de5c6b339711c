-- fct_site_month: one row per site and month (first day), from the later of January 2019 and the
-- site's opening month to the as-of month ($as_of), and not after its closing month; sorted by
-- month. PRODUCT.md data completeness: a site is expected to report in a month when it is open
-- and staffed (FTE > 0); it reported when at least one of its parcours started or ended, or one
-- of their solutions started or completed, in that month (events up to the as-of date).
-- Completeness = expected site-months that reported ÷ expected site-months.
with sites as (select * from intermediate.int_sites),
staffing as (select * from staging.stg_staffing),
parcours as (select * from intermediate.int_parcours),
solutions as (select * from staging.stg_solutions),
site_months as (
    select
        site_id,
        reg_code,
        dep_code,
        ze_code,
        opened_on,
        closed_on,
        unnest(generate_series(
            greatest(date '2019-01-01', date_trunc('month', opened_on)),
            least(date_trunc('month', $as_of::date),
                  date_trunc('month', coalesce(closed_on, $as_of::date))),
            interval 1 month
        ))::date as month
    from sites
),
events as (
    select site_id, started_on as event_on, 1 as started, 0 as ended from parcours
    union all
    select site_id, ended_on, 0, 1 from parcours where ended_on is not null
    union all
    select p.site_id, x.started_on, 0, 0
    from solutions as x join parcours as p using (parcours_id) where x.started_on is not null
    union all
    select p.site_id, x.completed_on, 0, 0
    from solutions as x join parcours as p using (parcours_id) where x.completed_on is not null
),
activity as (
    select
        site_id,
        date_trunc('month', event_on)::date as month,
        sum(started) as parcours_started,
        sum(ended) as parcours_ended
    from events
    where event_on <= $as_of
    group by all
),
placed as (
    select
        m.site_id,
        m.month,
        m.reg_code,
        m.dep_code,
        m.ze_code,
        f.counsellor_fte,
        m.opened_on <= least(last_day(m.month), $as_of::date)
            and (m.closed_on is null or m.closed_on >= m.month) as is_open,
        a.site_id is not null as has_reported,
        coalesce(a.parcours_started, 0)::integer as parcours_started,
        coalesce(a.parcours_ended, 0)::integer as parcours_ended
    from site_months as m
    left join staffing as f using (site_id, month)
    left join activity as a using (site_id, month)
),
final as (
    select
        site_id,
        month,
        reg_code,
        dep_code,
        ze_code,
        counsellor_fte,
        is_open,
        is_open and coalesce(counsellor_fte, 0) > 0 as is_expected,
        has_reported,
        parcours_started,
        parcours_ended
    from placed
)
select * from final order by month, site_id
