-- published_cells: the exact figures of every published grain (PRODUCT.md publishing rule), before
-- protection (pipelines/protect.py applies the small-count rule and writes marts.protected_kpis).
-- One row per (period_kind, period_start, level, code, slice, segment):
--   * periods: whole years and quarters begun by $as_of (figures to $as_of);
--   * the fixed hierarchy: France, régions, départements, zones d'emploi (of the sites);
--   * slice: '*' (every parcours), 'F:<funder_id>' (the parcours a funder's programmes fund),
--     'P:<programme_id>';
--   * segment: '*' or one public segment — with a segment, whole years, every parcours or a
--     funder's, down to départements (finer cells would all be hidden).
-- Counts are of parcours (people for active_people: a person with several parcours once).
with periods as (
    select 'year' as period_kind, make_date(y, 1, 1) as period_start,
           make_date(y, 12, 31) as period_end
    from range(2019, year($as_of::date) + 1) as t(y)
    union all
    select 'quarter', make_date(y, 3 * q + 1, 1),
           (make_date(y, 3 * q + 1, 1) + interval 3 month - interval 1 day)::date
    from range(2019, year($as_of::date) + 1) as t(y), range(0, 4) as s(q)
    where make_date(y, 3 * q + 1, 1) <= $as_of::date
),
slices as (
    select parcours_id, '*' as slice, true as by_segment from marts.fct_parcours
    union all
    select parcours_id, 'F:' || funder_id, true from marts.fct_parcours_programme
    where is_first_of_funder
    union all
    select parcours_id, 'P:' || programme_id, false from marts.fct_parcours_programme
),
segments as (
    select parcours_id, '*' as segment from marts.fct_parcours
    union all select parcours_id, 'moins_26' from marts.fct_parcours where is_under_26
    union all select parcours_id, 'qpv' from marts.fct_parcours where is_qpv
    union all select parcours_id, 'minima_sociaux' from marts.fct_parcours where has_minimum_social
    union all
    select parcours_id, 'deld' from marts.fct_parcours where is_long_term_job_seeker
    union all
    select parcours_id, 'precarite_energetique' from marts.fct_parcours where energy_precarious
),
memberships as (
    -- every slice without a segment, every period; the segments of whole years only, for
    -- every parcours and a funder's (two joins, not one filtered cross product)
    select s.parcours_id, s.slice, '*' as segment, p.period_kind, p.period_start, p.period_end
    from slices as s
    join marts.fct_parcours as f using (parcours_id)
    join periods as p
        on f.started_on <= p.period_end and (f.ended_on is null or f.ended_on >= p.period_start)
    union all
    select s.parcours_id, s.slice, g.segment, p.period_kind, p.period_start, p.period_end
    from slices as s
    join segments as g using (parcours_id)
    join marts.fct_parcours as f using (parcours_id)
    join periods as p
        on p.period_kind = 'year' and f.started_on <= p.period_end
        and (f.ended_on is null or f.ended_on >= p.period_start)
    where s.by_segment and g.segment <> '*'
),
flagged as materialized (
    select
        m.period_kind, m.period_start, m.slice, m.segment,
        f.reg_code, f.dep_code, f.ze_code, f.beneficiary_id, f.has_other_parcours,
        f.started_on between m.period_start and m.period_end as is_new,
        coalesce(f.ended_on between m.period_start and m.period_end, false) as is_closed,
        f.* exclude (parcours_id, beneficiary_id, site_id, reg_code, dep_code, ze_code,
                     has_other_parcours)
    from memberships as m
    join marts.fct_parcours as f using (parcours_id)
),
leaves as (
    select
        period_kind, period_start, slice, segment, reg_code, dep_code, ze_code,
        count(*) filter (where not has_other_parcours) as single_people,
        count(*) filter (where is_new) as new_parcours,
        count(*) filter (where is_new and is_priority_public) as new_priority_public,
        count(days_to_first_appointment) filter (where is_new) as referred_parcours,
        count(*) filter (where is_closed) as closed_parcours,
        count(*) filter (where is_closed and is_in_outcome_base) as outcome_base,
        count(*) filter (where is_closed and is_in_outcome_base and is_return_to_employment)
            as returns_to_employment,
        count(*) filter (where is_closed and is_in_outcome_base and is_positive_exit)
            as positive_exits,
        count(*) filter (where is_closed and is_in_outcome_base and is_durable_employment)
            as durable_employments,
        count(*) filter (where is_closed and is_drop_out) as drop_outs,
        count(*) filter (where is_closed and is_autonomous_at_exit) as autonomous_exits,
        count(*) filter (where is_closed and has_outcome_6m_known) as outcome_6m_known,
        count(*) filter (where is_closed and is_employed_6m) as employed_6m,
        count(*) filter (where is_closed and is_follow_up_due) as follow_up_due,
        count(*) filter (where is_closed and is_follow_up_reached) as follow_up_reached,
        coalesce(sum(solutions_realised) filter (where is_closed), 0) as solutions_realised,
        count(*) filter (where is_closed and has_measured_saving) as measured_savings,
        count(*) filter (where is_closed and has_measured_saving and is_saving_30)
            as savings_30,
        count(energy_saved_kwh) filter (where is_closed) as energy_measured,
        sum(energy_saved_kwh) filter (where is_closed) as energy_saved_kwh,
        sum(co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg
    from flagged
    group by all
),
counted as (
    select
        period_kind, period_start, slice, segment,
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        sum(columns(* exclude (period_kind, period_start, slice, segment, reg_code, dep_code,
                               ze_code, energy_saved_kwh, co2e_avoided_kg)))::bigint,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from leaves
    group by grouping sets ((period_kind, period_start, slice, segment),
                            (period_kind, period_start, slice, segment, reg_code),
                            (period_kind, period_start, slice, segment, dep_code),
                            (period_kind, period_start, slice, segment, ze_code))
),
rows_grouped as (
    -- medians and people with other parcours: over the rows themselves
    select
        period_kind, period_start, slice, segment,
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        count(distinct beneficiary_id) filter (where has_other_parcours) as other_people,
        median(days_to_first_appointment) filter (where is_new)
            as median_days_to_first_appointment,
        median(duration_days) filter (where is_closed) as median_duration_days
    from flagged
    group by grouping sets ((period_kind, period_start, slice, segment),
                            (period_kind, period_start, slice, segment, reg_code),
                            (period_kind, period_start, slice, segment, dep_code),
                            (period_kind, period_start, slice, segment, ze_code))
),
final as (
    select
        c.period_kind, c.period_start, c.level, c.code, c.slice, c.segment,
        c.single_people + coalesce(r.other_people, 0) as active_people,
        c.* exclude (period_kind, period_start, level, code, slice, segment, single_people),
        r.median_days_to_first_appointment,
        r.median_duration_days
    from counted as c
    left join rows_grouped as r
        using (period_kind, period_start, slice, segment, level, code)
    where c.segment = '*' or c.level <> 'zone'
)
select * from final
order by period_kind, period_start, slice, segment, level, code
