-- fct_parcours_programme: one row per funding link (parcours, programme) with its share, the
-- programme's funder and the parcours' start and site territory; sorted by started_on. A funder's
-- parcours are counted by share, so that funders' totals reconcile with the association's.
-- Each link also carries what the funders page filters and counts on (the parcours' end, outcome
-- flags, energy, public segments), so that the page reads links without a join, and two flags
-- set at night: is_in_convention (the parcours started within the programme's convention) and
-- is_first_of_funder (one link per funder and parcours: the first of the funder's programmes in
-- convention, else the first; a funder's whole parcours are its links with is_first_of_funder,
-- without a distinct count per request). Reads marts.fct_parcours, which the build makes first
-- (marts run in file-name order).
with links as (select * from staging.stg_parcours_programmes),
programmes as (select * from staging.stg_programmes),
parcours as (select * from marts.fct_parcours),
joined as (
    select
        l.parcours_id,
        l.programme_id,
        g.funder_id,
        g.funder_type,
        l.share,
        p.started_on,
        p.reg_code,
        p.dep_code,
        p.ze_code,
        p.ended_on,
        p.is_in_outcome_base,
        p.is_return_to_employment,
        p.is_positive_exit,
        p.energy_saved_kwh,
        p.co2e_avoided_kg,
        p.is_under_26,
        p.is_qpv,
        p.has_minimum_social,
        p.is_long_term_job_seeker,
        p.energy_precarious,
        p.started_on between g.period_start and g.period_end as is_in_convention
    from links as l
    join programmes as g using (programme_id)
    join parcours as p using (parcours_id)
),
shared as (
    -- parcours funded by several programmes of one funder (rare): the link that counts for it
    select
        funder_id,
        parcours_id,
        coalesce(min(programme_id) filter (where is_in_convention), min(programme_id))
            as first_programme_id
    from joined
    group by funder_id, parcours_id
    having count(*) > 1
),
final as (
    select j.*, coalesce(s.first_programme_id = j.programme_id, true) as is_first_of_funder
    from joined as j
    left join shared as s using (funder_id, parcours_id)
)
select * from final order by started_on, parcours_id, programme_id
