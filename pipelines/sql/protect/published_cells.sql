-- published_cells: the exact figures of every published grain (PRODUCT.md publishing rule), before
-- protection (pipelines/protect.py applies the small-count rule and writes marts.protected_kpis).
-- One row per (period_kind, period_start, level, code, slice, segment):
--   * periods: whole years and quarters from 2019, begun by $as_of (figures to $as_of);
--   * the fixed hierarchy: France, régions, départements, zones d'emploi (of the sites);
--   * slice: '*' (every parcours), 'F:<funder_id>' (the parcours a funder's programmes fund),
--     'P:<programme_id>' (France and régions only: a programme's cells below would nearly all
--     be hidden, and would tie every funder's hierarchy to its programmes);
--   * segment: '*' or one public segment — with a segment, whole years, every parcours or a
--     funder's, down to départements (finer cells would all be hidden).
-- Counts are of parcours, dated by their event: a parcours is new in the quarter and year it
-- started, closed in those it ended (so these counts are summed from quarters' leaves);
-- active_people counts distinct people with a parcours open during the period.
with slices as (
    select parcours_id, '*' as slice, true as by_segment from marts.fct_parcours
    union all
    select parcours_id, 'F:' || funder_id, true from marts.fct_parcours_programme
    where is_first_of_funder
    union all
    select parcours_id, 'P:' || programme_id, false from marts.fct_parcours_programme
),
segments as (
    select parcours_id, 'moins_26' as segment from marts.fct_parcours where is_under_26
    union all select parcours_id, 'qpv' from marts.fct_parcours where is_qpv
    union all select parcours_id, 'minima_sociaux' from marts.fct_parcours where has_minimum_social
    union all
    select parcours_id, 'deld' from marts.fct_parcours where is_long_term_job_seeker
    union all
    select parcours_id, 'precarite_energetique' from marts.fct_parcours where energy_precarious
),
members as materialized (
    -- a parcours in each of its slices, with every parcours and with each of its segments
    -- (segments for every parcours and a funder's only)
    select s.parcours_id, s.slice, '*' as segment from slices as s
    union all
    select s.parcours_id, s.slice, g.segment
    from slices as s join segments as g using (parcours_id)
    where s.by_segment
),
rows as materialized (
    select
        m.slice, m.segment, f.reg_code, f.dep_code, f.ze_code, f.beneficiary_id,
        f.has_other_parcours, f.started_on, f.ended_on,
        date_trunc('quarter', f.started_on)::date as start_quarter,
        date_trunc('quarter', f.ended_on)::date as end_quarter,
        f.is_priority_public, f.days_to_first_appointment, f.duration_days,
        f.is_in_outcome_base, f.is_return_to_employment, f.is_positive_exit,
        f.is_durable_employment, f.is_drop_out, f.is_autonomous_at_exit, f.has_outcome_6m_known,
        f.is_employed_6m, f.is_follow_up_due, f.is_follow_up_reached, f.solutions_realised,
        f.has_measured_saving, f.is_saving_30, f.energy_saved_kwh, f.co2e_avoided_kg
    from members as m
    join marts.fct_parcours as f using (parcours_id)
),
new_leaves as (
    select
        slice, segment, reg_code, dep_code, ze_code, start_quarter as quarter_start,
        count(*) as new_parcours,
        count(*) filter (where is_priority_public) as new_priority_public,
        count(days_to_first_appointment) as referred_parcours
    from rows
    group by all
),
closed_leaves as (
    select
        slice, segment, reg_code, dep_code, ze_code, end_quarter as quarter_start,
        count(*) as closed_parcours,
        count(*) filter (where is_in_outcome_base) as outcome_base,
        count(*) filter (where is_in_outcome_base and is_return_to_employment)
            as returns_to_employment,
        count(*) filter (where is_in_outcome_base and is_positive_exit) as positive_exits,
        count(*) filter (where is_in_outcome_base and is_durable_employment)
            as durable_employments,
        count(*) filter (where is_drop_out) as drop_outs,
        count(*) filter (where is_autonomous_at_exit) as autonomous_exits,
        count(*) filter (where has_outcome_6m_known) as outcome_6m_known,
        count(*) filter (where is_employed_6m) as employed_6m,
        count(*) filter (where is_follow_up_due) as follow_up_due,
        count(*) filter (where is_follow_up_reached) as follow_up_reached,
        coalesce(sum(solutions_realised), 0) as solutions_realised,
        count(*) filter (where has_measured_saving) as measured_savings,
        count(*) filter (where has_measured_saving and is_saving_30) as savings_30,
        count(energy_saved_kwh) as energy_measured,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from rows
    where ended_on is not null
    group by all
),
periods as (
    select 'year' as period_kind, make_date(y, 1, 1) as period_start,
           make_date(y, 12, 31) as period_end
    from range(2019, year($as_of::date) + 1) as t(y)
    union all
    select 'quarter', make_date(y, 3 * q + 1, 1),
           (make_date(y, 3 * q + 1, 1) + interval 3 month - interval 1 day)::date
    from range(2019, year($as_of::date) + 1) as t(y), range(0, 4) as s(q)
    where make_date(y, 3 * q + 1, 1) <= $as_of::date
),
event_leaves as (
    -- each quarter's leaf in its quarter and its year (a segment's in its year only)
    select p.period_kind, p.period_start, l.* exclude (quarter_start)
    from (select * from new_leaves union all by name select * from closed_leaves) as l
    join periods as p
        on l.quarter_start between p.period_start and p.period_end
        and (l.segment = '*' or p.period_kind = 'year')
),
open_rows as (
    -- people: a parcours in every period it is open during (a segment's: whole years only)
    select p.period_kind, p.period_start, r.slice, r.segment, r.reg_code, r.dep_code,
           r.ze_code, r.beneficiary_id, r.has_other_parcours
    from rows as r
    join periods as p
        on r.started_on <= p.period_end
        and (r.ended_on is null or r.ended_on >= p.period_start)
        and (r.segment = '*' or p.period_kind = 'year')
),
people_leaves as (
    select period_kind, period_start, slice, segment, reg_code, dep_code, ze_code,
           count(*) filter (where not has_other_parcours) as single_people
    from open_rows
    group by all
),
leaves as (
    select * from event_leaves union all by name select * from people_leaves
),
counted as (
    select
        period_kind, period_start, slice, segment,
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        coalesce(sum(columns(* exclude (period_kind, period_start, slice, segment, reg_code,
                                        dep_code, ze_code, energy_saved_kwh,
                                        co2e_avoided_kg))), 0)::bigint,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from leaves
    group by grouping sets ((period_kind, period_start, slice, segment),
                            (period_kind, period_start, slice, segment, reg_code),
                            (period_kind, period_start, slice, segment, dep_code),
                            (period_kind, period_start, slice, segment, ze_code))
),
other_people as (
    -- people with several parcours: counted once per cell (a distinct count, from the rows)
    select
        period_kind, period_start, slice, segment,
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        count(distinct beneficiary_id) as other_people
    from open_rows
    where has_other_parcours
    group by grouping sets ((period_kind, period_start, slice, segment),
                            (period_kind, period_start, slice, segment, reg_code),
                            (period_kind, period_start, slice, segment, dep_code),
                            (period_kind, period_start, slice, segment, ze_code))
),
dated_medians as (
    -- medians do not add up: over the rows, in the period of their event
    select p.period_kind, p.period_start, r.slice, r.segment, r.reg_code, r.dep_code,
           r.ze_code,
           case when r.started_on between p.period_start and p.period_end
                then r.days_to_first_appointment end as days_to_first_appointment,
           case when r.ended_on between p.period_start and p.period_end
                then r.duration_days end as duration_days
    from rows as r
    join periods as p
        on (r.started_on between p.period_start and p.period_end
            or r.ended_on between p.period_start and p.period_end)
        and (r.segment = '*' or p.period_kind = 'year')
),
medians as (
    select
        period_kind, period_start, slice, segment,
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        median(days_to_first_appointment) as median_days_to_first_appointment,
        median(duration_days) as median_duration_days
    from dated_medians
    group by grouping sets ((period_kind, period_start, slice, segment),
                            (period_kind, period_start, slice, segment, reg_code),
                            (period_kind, period_start, slice, segment, dep_code),
                            (period_kind, period_start, slice, segment, ze_code))
),
final as (
    select
        c.period_kind, c.period_start, c.level, c.code, c.slice, c.segment,
        c.single_people + coalesce(o.other_people, 0) as active_people,
        c.* exclude (period_kind, period_start, level, code, slice, segment, single_people),
        m.median_days_to_first_appointment,
        m.median_duration_days
    from counted as c
    left join other_people as o using (period_kind, period_start, slice, segment, level, code)
    left join medians as m using (period_kind, period_start, slice, segment, level, code)
    where (c.segment = '*' or c.level <> 'zone')
      and (c.slice not like 'P:%' or c.level in ('france', 'region'))
)
select * from final
order by period_kind, period_start, slice, segment, level, code
