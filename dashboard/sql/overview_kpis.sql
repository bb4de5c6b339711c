-- overview_kpis: the headline figures of the view (PRODUCT.md glossary), one row per period:
-- 'current' [$start, $end] and 'previous' [$previous_start, $previous_end]. Activity follows the
-- site's territory; a funder or programme keeps the parcours it funds (whole parcours: counts
-- are of people, never of funding shares); one public segment at a time.
with periods as (
    select 'current' as period, $start::date as first_day, $end::date as last_day
    union all
    select 'previous', $previous_start::date, $previous_end::date
),
-- include: view_parcours
flagged as (
    select
        p.period,
        f.beneficiary_id,
        f.has_other_parcours,
        f.started_on <= p.last_day
            and (f.ended_on is null or f.ended_on >= p.first_day) as is_active,
        f.started_on between p.first_day and p.last_day as is_new,
        coalesce(f.ended_on between p.first_day and p.last_day, false) as is_closed,
        f.is_in_outcome_base,
        f.is_return_to_employment,
        f.is_positive_exit,
        f.has_outcome_6m_known,
        f.is_employed_6m,
        f.has_measured_saving,
        f.is_saving_30,
        f.energy_saved_kwh,
        f.co2e_avoided_kg,
        f.is_priority_public
    from parcours as f
    cross join periods as p
    where f.started_on <= p.last_day
      and (f.ended_on is null or f.ended_on >= p.first_day)
),
final as (
    select
        period,
        -- people without a distinct over every row: single-parcours people are rows
        count(*) filter (where not has_other_parcours)
            + count(distinct beneficiary_id) filter (where has_other_parcours) as active_people,
        count(*) filter (where is_new) as new_parcours,
        count(*) filter (where is_new and is_priority_public) as new_priority_public,
        count(*) filter (where is_closed) as closed_parcours,
        count(*) filter (where is_closed and is_in_outcome_base) as outcome_base,
        count(*) filter (where is_closed and is_in_outcome_base and is_return_to_employment)
            as returns_to_employment,
        count(*) filter (where is_closed and is_in_outcome_base and is_positive_exit)
            as positive_exits,
        count(*) filter (where is_closed and has_outcome_6m_known) as outcome_6m_known,
        count(*) filter (where is_closed and is_employed_6m) as employed_6m,
        count(*) filter (where is_closed and has_measured_saving) as measured_savings,
        count(*) filter (where is_closed and has_measured_saving and is_saving_30)
            as savings_30,
        -- energy and CO2e over every parcours with both surveys, people who start driving
        -- included (a negative saving); only the >= 30 % share needs a t0 energy above zero
        sum(energy_saved_kwh) filter (where is_closed) as energy_saved_kwh,
        sum(co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg
    from flagged
    group by period
)
select * from final order by period
