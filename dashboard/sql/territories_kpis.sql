-- territories_kpis: the counts behind every map measure (dashboard/measures.py) for one period
-- [$start, $end], for France and for every région, département and zone d'emploi with activity
-- (one row per (level, code); level 'france' has code 'FR'). The view's public segment and funder
-- or programme apply (whole parcours: counts are of people, never of funding shares); the
-- territory filters of view_parcours are left null: every territory is counted, the page picks.
-- Activity follows the site's territory; a zone d'emploi's figures come from its sites.
-- People are counted without a distinct over every row: a person with a single parcours is
-- one row; only the people with other parcours (has_other_parcours) are counted distinct.
with
-- include: view_parcours
flagged as materialized (
    select
        beneficiary_id,
        has_other_parcours,
        reg_code,
        dep_code,
        ze_code,
        started_on between $start and $end as is_new,
        coalesce(ended_on between $start and $end, false) as is_closed,
        is_priority_public,
        days_to_first_appointment,
        is_in_outcome_base,
        is_return_to_employment,
        is_positive_exit,
        is_durable_employment,
        is_drop_out,
        is_autonomous_at_exit,
        has_outcome_6m_known,
        is_employed_6m,
        is_follow_up_due,
        is_follow_up_reached,
        solutions_realised,
        duration_days,
        has_measured_saving,
        is_saving_30,
        energy_saved_kwh,
        co2e_avoided_kg
    from parcours
    where started_on <= $end and (ended_on is null or ended_on >= $start)
),
leaves as materialized (
    -- the additive counts, once per site territory (a few hundred rows), then rolled up
    select
        reg_code,
        dep_code,
        ze_code,
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
    group by reg_code, dep_code, ze_code
),
counted as (
    select
        -- the grouping set as a level: (reg_code) 3, (dep_code) 5, (ze_code) 6, () 7
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        sum(columns(* exclude (reg_code, dep_code, ze_code, energy_saved_kwh,
                               co2e_avoided_kg)))::bigint,
        sum(energy_saved_kwh) as energy_saved_kwh,
        sum(co2e_avoided_kg) as co2e_avoided_kg
    from leaves
    group by grouping sets ((), (reg_code), (dep_code), (ze_code))
),
medians as (
    -- medians do not add up: over the rows themselves
    select
        -- the grouping set as a level: (reg_code) 3, (dep_code) 5, (ze_code) 6, () 7
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        median(days_to_first_appointment) filter (where is_new)
            as median_days_to_first_appointment,
        median(duration_days) filter (where is_closed) as median_duration_days
    from flagged
    where is_new or is_closed
    group by grouping sets ((), (reg_code), (dep_code), (ze_code))
),
others as (
    select
        -- the grouping set as a level: (reg_code) 3, (dep_code) 5, (ze_code) 6, () 7
        map {3: 'region', 5: 'departement', 6: 'zone', 7: 'france'}[
            grouping(reg_code, dep_code, ze_code)] as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        count(distinct beneficiary_id) as other_people
    from flagged
    where has_other_parcours
    group by grouping sets ((), (reg_code), (dep_code), (ze_code))
),
final as (
    select
        level,
        code,
        c.single_people + coalesce(o.other_people, 0) as active_people,
        c.* exclude (level, code, single_people),
        m.* exclude (level, code)
    from counted as c
    left join others as o using (level, code)
    left join medians as m using (level, code)
)
select * from final order by level, code
