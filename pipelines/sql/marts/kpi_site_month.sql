-- kpi_site_month: one row per site and month in which one of its parcours started or ended
-- (up to the as-of date): the counts of the overview's monthly figures for everyone (no public,
-- funder or programme filter), added up by site and month so that any territory and any run
-- of months reads a few thousand rows (ARCHITECTURE.md contract 4). Counts of people: the
-- people with a single parcours, by month of start and month of end (active people in a month
-- = started up to that month − ended before it); the people with other parcours are counted
-- distinct from fct_parcours by the dashboard.
with parcours as (
    select * from marts.fct_parcours where started_on <= $as_of
),
started as (
    select
        site_id,
        date_trunc('month', started_on)::date as month,
        count(*) as new_parcours,
        count(*) filter (where is_priority_public) as new_priority_public,
        count(*) filter (where not has_other_parcours) as single_started
    from parcours
    group by all
),
closed as (
    select
        site_id,
        date_trunc('month', ended_on)::date as month,
        count(*) as closed_parcours,
        count(*) filter (where not has_other_parcours) as single_ended,
        count(*) filter (where is_in_outcome_base) as outcome_base,
        count(*) filter (where is_in_outcome_base and is_return_to_employment)
            as returns_to_employment,
        count(*) filter (where is_in_outcome_base and is_positive_exit) as positive_exits,
        count(*) filter (where has_outcome_6m_known) as outcome_6m_known,
        count(*) filter (where is_employed_6m) as employed_6m,
        count(*) filter (where has_measured_saving) as measured_savings,
        count(*) filter (where has_measured_saving and is_saving_30) as savings_30,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from parcours
    where ended_on is not null and ended_on <= $as_of
    group by all
),
sites as (
    select site_id, reg_code, dep_code, ze_code from marts.dim_site
),
final as (
    select
        site_id,
        month,
        s.reg_code,
        s.dep_code,
        s.ze_code,
        coalesce(a.new_parcours, 0) as new_parcours,
        coalesce(a.new_priority_public, 0) as new_priority_public,
        coalesce(a.single_started, 0) as single_started,
        coalesce(c.closed_parcours, 0) as closed_parcours,
        coalesce(c.single_ended, 0) as single_ended,
        coalesce(c.outcome_base, 0) as outcome_base,
        coalesce(c.returns_to_employment, 0) as returns_to_employment,
        coalesce(c.positive_exits, 0) as positive_exits,
        coalesce(c.outcome_6m_known, 0) as outcome_6m_known,
        coalesce(c.employed_6m, 0) as employed_6m,
        coalesce(c.measured_savings, 0) as measured_savings,
        coalesce(c.savings_30, 0) as savings_30,
        c.energy_saved_kwh,
        c.co2e_avoided_kg
    from started as a
    full join closed as c using (site_id, month)
    join sites as s using (site_id)
)
select * from final order by month, site_id
