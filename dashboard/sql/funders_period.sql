-- funders_period: what the programmes funded in the view's period [$start, $end] — parcours
-- started, outcomes (closed in the period), energy saved and CO2e avoided (closed in the period,
-- both surveys) — within the view's territory and public segment (the same filters as the
-- overview's _view_parcours, without its funder filter: every funder is reconciled here), and
-- the payments dated in the period. One row per `level`: 'programme' (every programme, zeros
-- when it funded nothing in the view), 'funder' (every funder; a parcours funded by two of its
-- programmes counts once, with both shares), 'unattributed' (the part of each parcours no
-- programme funds, 1 − funded_share: the association's own funds) and 'association' (every
-- parcours of the view, whole). Whole counts are the rates' bases; "_by_share" sums count each
-- parcours by its funding share, so that funders + unattributed = association. Shares are summed
-- as decimals (exact to the cent).
with parcours as (
    select
        parcours_id,
        funded_share::decimal(18, 6) as funded_share,
        started_on between $start and $end as is_started,
        coalesce(ended_on between $start and $end, false) as is_closed,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base as is_in_base,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base
            and is_return_to_employment as is_return,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base
            and is_positive_exit as is_positive,
        energy_saved_kwh,
        co2e_avoided_kg
    from marts.fct_parcours
    where ($reg_code::varchar is null or reg_code = $reg_code)
      and ($dep_code::varchar is null or dep_code = $dep_code)
      and ($ze_code::varchar is null or ze_code = $ze_code)
      and ($segment::varchar is null
           or ($segment = 'moins_26' and is_under_26)
           or ($segment = 'qpv' and is_qpv)
           or ($segment = 'minima_sociaux' and has_minimum_social)
           or ($segment = 'deld' and is_long_term_job_seeker)
           or ($segment = 'precarite_energetique' and energy_precarious))
      and (started_on between $start and $end or ended_on between $start and $end)
),
programmes as (
    select programme_id, funder_id from marts.dim_programme
),
several as (
    -- funders with several programmes: only there can a parcours count twice for a funder
    select funder_id from programmes group by funder_id having count(*) > 1
),
links as (
    select l.programme_id, l.funder_id, l.share::decimal(18, 6) as share, f.*
    from marts.fct_parcours_programme as l
    join parcours as f using (parcours_id)
    where l.started_on <= $end
),
by_programme as (
    select
        programme_id,
        count(*) filter (where is_started) as parcours_started,
        sum(share) filter (where is_started) as parcours_started_by_share,
        count(*) filter (where is_in_base) as outcome_base,
        count(*) filter (where is_return) as returns_to_employment,
        count(*) filter (where is_positive) as positive_exits,
        sum(share) filter (where is_positive) as positive_exits_by_share,
        sum(share * energy_saved_kwh) filter (where is_closed) as energy_saved_kwh_by_share,
        sum(share * co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg_by_share
    from links
    group by programme_id
),
funder_links as (
    -- one row per funder and parcours: whole counts once, shares added
    select
        funder_id,
        parcours_id,
        sum(share) as share,
        any_value(is_started) as is_started,
        any_value(is_closed) as is_closed,
        any_value(is_in_base) as is_in_base,
        any_value(is_return) as is_return,
        any_value(is_positive) as is_positive,
        any_value(energy_saved_kwh) as energy_saved_kwh,
        any_value(co2e_avoided_kg) as co2e_avoided_kg
    from links
    where funder_id in (select funder_id from several)
    group by funder_id, parcours_id
    union all
    select
        funder_id, parcours_id, share, is_started, is_closed, is_in_base, is_return,
        is_positive, energy_saved_kwh, co2e_avoided_kg
    from links
    where funder_id not in (select funder_id from several)
),
by_funder as (
    select
        funder_id,
        count(*) filter (where is_started) as parcours_started,
        sum(share) filter (where is_started) as parcours_started_by_share,
        count(*) filter (where is_in_base) as outcome_base,
        count(*) filter (where is_return) as returns_to_employment,
        count(*) filter (where is_positive) as positive_exits,
        sum(share) filter (where is_positive) as positive_exits_by_share,
        sum(share * energy_saved_kwh) filter (where is_closed) as energy_saved_kwh_by_share,
        sum(share * co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg_by_share
    from funder_links
    group by funder_id
),
unattributed as (
    select
        'unattributed' as level,
        sum(1 - funded_share) filter (where is_started) as parcours_started_by_share,
        sum(1 - funded_share) filter (where is_positive) as positive_exits_by_share,
        sum((1 - funded_share) * energy_saved_kwh) filter (where is_closed)
            as energy_saved_kwh_by_share,
        sum((1 - funded_share) * co2e_avoided_kg) filter (where is_closed)
            as co2e_avoided_kg_by_share
    from parcours
),
association as (
    select
        'association' as level,
        count(*) filter (where is_started) as parcours_started,
        count(*) filter (where is_in_base) as outcome_base,
        count(*) filter (where is_return) as returns_to_employment,
        count(*) filter (where is_positive) as positive_exits,
        sum(energy_saved_kwh) filter (where is_closed) as energy_saved_kwh,
        sum(co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg
    from parcours
),
payments as (
    select programme_id, funder_id, amount_eur::decimal(18, 2) as amount_eur
    from marts.fct_funding_movement
    where movement_type = 'versement' and movement_date between $start and $end
),
paid_programme as (
    select programme_id, sum(amount_eur) as payments_eur from payments group by programme_id
),
paid_funder as (
    select funder_id, sum(amount_eur) as payments_eur from payments group by funder_id
),
final as (
    select
        'programme' as level,
        p.funder_id,
        p.programme_id,
        coalesce(b.parcours_started, 0) as parcours_started,
        coalesce(b.parcours_started_by_share, 0)::double as parcours_started_by_share,
        coalesce(b.outcome_base, 0) as outcome_base,
        coalesce(b.returns_to_employment, 0) as returns_to_employment,
        coalesce(b.positive_exits, 0) as positive_exits,
        coalesce(b.positive_exits_by_share, 0)::double as positive_exits_by_share,
        b.energy_saved_kwh_by_share::double as energy_saved_kwh_by_share,
        b.co2e_avoided_kg_by_share::double as co2e_avoided_kg_by_share,
        coalesce(m.payments_eur, 0)::double as payments_eur
    from programmes as p
    left join by_programme as b using (programme_id)
    left join paid_programme as m using (programme_id)
    union all
    select
        'funder',
        f.funder_id,
        null,
        coalesce(b.parcours_started, 0),
        coalesce(b.parcours_started_by_share, 0)::double,
        coalesce(b.outcome_base, 0),
        coalesce(b.returns_to_employment, 0),
        coalesce(b.positive_exits, 0),
        coalesce(b.positive_exits_by_share, 0)::double,
        b.energy_saved_kwh_by_share::double,
        b.co2e_avoided_kg_by_share::double,
        coalesce(m.payments_eur, 0)::double
    from (select distinct funder_id from programmes) as f
    left join by_funder as b using (funder_id)
    left join paid_funder as m using (funder_id)
    union all
    select
        level, null, null, null,
        coalesce(parcours_started_by_share, 0)::double,
        null, null, null,
        coalesce(positive_exits_by_share, 0)::double,
        energy_saved_kwh_by_share::double,
        co2e_avoided_kg_by_share::double,
        null
    from unattributed
    union all
    select
        level, null, null,
        parcours_started,
        parcours_started::double,
        outcome_base,
        returns_to_employment,
        positive_exits,
        positive_exits::double,
        energy_saved_kwh,
        co2e_avoided_kg,
        (select coalesce(sum(amount_eur), 0) from payments)::double
    from association
)
select * from final order by level, funder_id, programme_id
