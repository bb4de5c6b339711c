-- overview_monthly: the same figures as overview_kpis, one row per month from $spark_start to
-- $spark_end (first days; the sparklines). Same filters, same definitions; counted by month of
-- start, of end, and (people) of activity, so that the twelve months cost one pass.
with
-- include: spark_months
-- include: view_parcours
in_window as (
    select * from parcours
    where started_on <= last_day($spark_end::date)
      and (ended_on is null or ended_on >= $spark_start::date)
),
single_changes as (
    -- people with a single parcours: +1 in its first month, -1 the month after its last, so
    -- that a running sum gives the month's active people (no row per parcours and month)
    select date_trunc('month', started_on)::date as month, 1 as change
    from parcours
    where not has_other_parcours and started_on <= last_day($spark_end::date)
    union all
    select (date_trunc('month', ended_on) + interval 1 month)::date, -1
    from parcours
    where not has_other_parcours and ended_on is not null
      and ended_on <= last_day($spark_end::date)
),
single_active as (
    select month as period, sum(sum(change)) over (order by month) as people
    from single_changes
    group by month
),
others as (
    -- the people with other parcours: once per month they are active, counted distinct
    select month::date as period, count(distinct beneficiary_id) as people
    from (
        select beneficiary_id,
               unnest(range(greatest(date_trunc('month', started_on), $spark_start::date),
                            least(date_trunc('month', coalesce(ended_on, $spark_end::date)),
                                  $spark_end::date) + interval 1 day,
                            interval 1 month)) as month
        from in_window
        where has_other_parcours
    )
    group by 1
),
active as (
    select
        p.period,
        coalesce(s.people, 0) + coalesce(o.people, 0) as active_people
    from periods as p
    asof left join single_active as s on p.period >= s.period
    left join others as o on o.period = p.period
),
started as (
    select date_trunc('month', started_on)::date as period,
           count(*) as new_parcours,
           count(*) filter (where is_priority_public) as new_priority_public
    from in_window
    where started_on >= $spark_start::date
    group by 1
),
closed as (
    select
        date_trunc('month', ended_on)::date as period,
        count(*) as closed_parcours,
        count(*) filter (where is_in_outcome_base) as outcome_base,
        count(*) filter (where is_in_outcome_base and is_return_to_employment)
            as returns_to_employment,
        count(*) filter (where is_in_outcome_base and is_positive_exit) as positive_exits,
        count(*) filter (where has_outcome_6m_known) as outcome_6m_known,
        count(*) filter (where is_employed_6m) as employed_6m,
        count(*) filter (where has_measured_saving) as measured_savings,
        count(*) filter (where has_measured_saving and is_saving_30) as savings_30,
        sum(energy_saved_kwh) as energy_saved_kwh,  -- both surveys (null otherwise)
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from in_window
    where ended_on between $spark_start::date and last_day($spark_end::date)
    group by 1
),
final as (
    select
        p.period,
        coalesce(a.active_people, 0) as active_people,
        coalesce(s.new_parcours, 0) as new_parcours,
        coalesce(s.new_priority_public, 0) as new_priority_public,
        coalesce(c.closed_parcours, 0) as closed_parcours,
        coalesce(c.outcome_base, 0) as outcome_base,
        coalesce(c.returns_to_employment, 0) as returns_to_employment,
        coalesce(c.positive_exits, 0) as positive_exits,
        coalesce(c.outcome_6m_known, 0) as outcome_6m_known,
        coalesce(c.employed_6m, 0) as employed_6m,
        coalesce(c.measured_savings, 0) as measured_savings,
        coalesce(c.savings_30, 0) as savings_30,
        c.energy_saved_kwh,
        c.co2e_avoided_kg
    from periods as p
    left join active as a using (period)
    left join started as s using (period)
    left join closed as c using (period)
)
select * from final order by period
