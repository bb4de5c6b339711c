-- fct_training_session: one row per loaded training session of the école de la mobilité
-- inclusive, with its calendar year (professionals trained = sum of participants).
with trainings as (select * from staging.stg_trainings),
final as (
    select
        session_id,
        session_date,
        region_code,
        hours,
        participants,
        participant_org_type,
        year(session_date)::integer as year
    from trainings
)
select * from final order by session_date, session_id
