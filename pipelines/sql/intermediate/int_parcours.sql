-- int_parcours: one row per loaded parcours, with its site's territory, its public segments
-- and its outcome flags (PRODUCT.md glossary), judged at the as-of date ($as_of). The follow-up
-- and autonomy flags are false, not null, outside their base (a rate divides by its base's flag).
with parcours as (select * from staging.stg_parcours),
sites as (select * from intermediate.int_sites),
realised as (
    select parcours_id, count(*) as solutions_realised
    from staging.stg_solutions where status = 'realisee' group by parcours_id
),
funding as (
    select parcours_id, sum(share) as funded_share
    from staging.stg_parcours_programmes group by parcours_id
),
flagged as (
    select
        p.parcours_id,
        p.beneficiary_id,
        p.site_id,
        s.reg_code,
        s.dep_code,
        s.ze_code,
        p.prescriber_type,
        p.referred_on,
        p.started_on,
        p.ended_on,
        p.sex,
        p.birth_year,
        year(p.started_on) - p.birth_year < 26 as is_under_26,
        p.is_qpv,
        p.entry_status,
        p.minimum_social,
        p.minimum_social <> 'aucun' as has_minimum_social,
        p.entry_status = 'demandeur_emploi_longue_duree' as is_long_term_job_seeker,
        p.energy_precarious,
        (p.is_qpv or p.minimum_social <> 'aucun'
         or p.entry_status = 'demandeur_emploi_longue_duree'
         or year(p.started_on) - p.birth_year < 26) as is_priority_public,
        p.exit_outcome,
        p.outcome_6m,
        p.ended_on is not null
            and p.exit_outcome <> 'demenagement_reorientation' as is_in_outcome_base,
        p.exit_outcome in ('emploi_durable', 'emploi_transition') as is_return_to_employment,
        p.exit_outcome in ('emploi_durable', 'emploi_transition', 'formation') as is_positive_exit,
        p.exit_outcome = 'emploi_durable' as is_durable_employment,
        p.ended_on is not null
            and p.ended_on + interval 6 month <= $as_of as is_follow_up_due,
        coalesce(r.solutions_realised, 0) as solutions_realised,
        coalesce(f.funded_share, 0) as funded_share
    from parcours as p
    join sites as s using (site_id)
    left join realised as r using (parcours_id)
    left join funding as f using (parcours_id)
),
final as (
    select
        *,
        (ended_on - started_on)::integer as duration_days,
        (started_on - referred_on)::integer as days_to_first_appointment,
        solutions_realised >= 1 as has_solution_realised,
        is_in_outcome_base and solutions_realised >= 1
            and exit_outcome <> 'abandon' as is_autonomous_at_exit,
        is_in_outcome_base and exit_outcome = 'abandon' as is_drop_out,
        coalesce(outcome_6m in ('emploi', 'formation', 'sans_emploi'), false)
            as has_outcome_6m_known,
        coalesce(outcome_6m = 'emploi', false) as is_employed_6m,
        is_follow_up_due and coalesce(outcome_6m <> 'non_joint', false) as is_follow_up_reached,
        count(*) over (partition by beneficiary_id) > 1 as has_other_parcours
    from flagged
)
select * from final
