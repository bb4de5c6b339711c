-- overview_monthly_all: overview_monthly's figures for a view without a public, funder or
-- programme filter, read from the nightly marts.kpi_site_month (counts added up by site and
-- month) instead of every parcours: one row per month from $spark_start to $spark_end, within
-- the view's territory ($reg_code, $dep_code, $ze_code). Same definitions, same columns
-- (tests compare the two queries). Active people: the people with a single parcours by a
-- running sum of starts and ends; the people with other parcours counted distinct.
with
-- include: spark_months
site_months as (
    select * from marts.kpi_site_month
    where $scope_all_programmes  -- every parcours: a funder reads overview_monthly
      and month <= $spark_end::date
      and ($reg_code::varchar is null or reg_code = $reg_code)
      and ($dep_code::varchar is null or dep_code = $dep_code)
      and ($ze_code::varchar is null or ze_code = $ze_code)
),
changes as (
    select month, single_started as change from site_months
    union all
    select (month + interval 1 month)::date, -single_ended from site_months
),
single_active as (
    select month as period, sum(sum(change)) over (order by month) as people
    from changes
    group by month
),
others as (
    select month::date as period, count(distinct beneficiary_id) as people
    from (
        select beneficiary_id,
               unnest(range(greatest(date_trunc('month', started_on), $spark_start::date),
                            least(date_trunc('month', coalesce(ended_on, $spark_end::date)),
                                  $spark_end::date) + interval 1 day,
                            interval 1 month)) as month
        from marts.fct_parcours
        where has_other_parcours and $scope_all_programmes
          and started_on <= last_day($spark_end::date)
          and (ended_on is null or ended_on >= $spark_start::date)
          and ($reg_code::varchar is null or reg_code = $reg_code)
          and ($dep_code::varchar is null or dep_code = $dep_code)
          and ($ze_code::varchar is null or ze_code = $ze_code)
    )
    group by 1
),
monthly as (
    select
        month as period,
        sum(columns(* exclude (site_id, month, reg_code, dep_code, ze_code, single_started,
                               single_ended, energy_saved_kwh, co2e_avoided_kg)))::bigint,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from site_months
    where month >= $spark_start::date
    group by month
),
final as (
    select
        p.period,
        coalesce(s.people, 0) + coalesce(o.people, 0) as active_people,
        coalesce(m.new_parcours, 0) as new_parcours,
        coalesce(m.new_priority_public, 0) as new_priority_public,
        coalesce(m.closed_parcours, 0) as closed_parcours,
        coalesce(m.outcome_base, 0) as outcome_base,
        coalesce(m.returns_to_employment, 0) as returns_to_employment,
        coalesce(m.positive_exits, 0) as positive_exits,
        coalesce(m.outcome_6m_known, 0) as outcome_6m_known,
        coalesce(m.employed_6m, 0) as employed_6m,
        coalesce(m.measured_savings, 0) as measured_savings,
        coalesce(m.savings_30, 0) as savings_30,
        m.energy_saved_kwh,
        m.co2e_avoided_kg
    from periods as p
    asof left join single_active as s on p.period >= s.period
    left join others as o on o.period = p.period
    left join monthly as m on m.period = p.period
)
select * from final order by period
