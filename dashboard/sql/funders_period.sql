-- funders_period: what the programmes funded in the view's period [$start, $end] — parcours
-- started, outcomes (closed in the period), energy saved and CO2e avoided (closed in the period,
-- both surveys) — within the view's territory and public segment (_view_filters: the same
-- filters as the overview's _view_parcours, without its funder filter: every funder is
-- reconciled here), and the payments dated in the period. One row per `level`: 'programme'
-- (every programme, zeros when it funded nothing in the view), 'funder' (every funder; a
-- parcours funded by two of its programmes counts once, with both shares), 'unattributed' (the
-- part of each parcours no programme funds, 1 − funded_share: the association's own funds) and
-- 'association' (every parcours of the view, whole). Whole counts are the rates' bases;
-- "_by_share" sums count each parcours by its funding share, so that funders + unattributed =
-- association. Shares are summed as decimals (exact to the cent). The funding links carry their
-- parcours' values and is_first_of_funder (one link per funder and parcours), set at night: the
-- links need no join to the parcours and a funder's parcours no distinct count. A funder sees
-- its own programmes' rows only (_scope_programmes), not the other funders', the unattributed
-- part or the association's total (which would tell the others' by difference).
with parcours as (
    select
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
-- include: view_filters
      and $scope_all_programmes
),
programmes as (
    select programme_id, funder_id from marts.dim_programme
    where
-- include: scope_programmes
),
links as (
    -- the view's funding links, each with its parcours' values
    select
        programme_id,
        funder_id,
        is_first_of_funder,
        share::decimal(18, 6) as share,
        started_on between $start and $end as is_started,
        coalesce(ended_on between $start and $end, false) as is_closed,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base as is_in_base,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base
            and is_return_to_employment as is_return,
        coalesce(ended_on between $start and $end, false) and is_in_outcome_base
            and is_positive_exit as is_positive,
        energy_saved_kwh,
        co2e_avoided_kg
    from marts.fct_parcours_programme
-- include: view_filters
      and
-- include: scope_programmes
),
by_programme as (
    -- one row per programme with links in the view; the funder_ counts keep the links with
    -- is_first_of_funder, so that they add up over a funder's programmes to its whole parcours
    select
        funder_id,
        programme_id,
        count(*) filter (where is_started) as parcours_started,
        count(*) filter (where is_first_of_funder and is_started) as funder_parcours_started,
        sum(share) filter (where is_started) as parcours_started_by_share,
        count(*) filter (where is_in_base) as outcome_base,
        count(*) filter (where is_first_of_funder and is_in_base) as funder_outcome_base,
        count(*) filter (where is_return) as returns_to_employment,
        count(*) filter (where is_first_of_funder and is_return) as funder_returns_to_employment,
        count(*) filter (where is_positive) as positive_exits,
        count(*) filter (where is_first_of_funder and is_positive) as funder_positive_exits,
        sum(share) filter (where is_positive) as positive_exits_by_share,
        sum(share * energy_saved_kwh) filter (where is_closed) as energy_saved_kwh_by_share,
        sum(share * co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg_by_share
    from links
    group by funder_id, programme_id
),
by_funder as (
    -- whole counts once per funder and parcours; shares added over all its links
    select
        funder_id,
        sum(funder_parcours_started)::bigint as parcours_started,
        sum(parcours_started_by_share) as parcours_started_by_share,
        sum(funder_outcome_base)::bigint as outcome_base,
        sum(funder_returns_to_employment)::bigint as returns_to_employment,
        sum(funder_positive_exits)::bigint as positive_exits,
        sum(positive_exits_by_share) as positive_exits_by_share,
        sum(energy_saved_kwh_by_share) as energy_saved_kwh_by_share,
        sum(co2e_avoided_kg_by_share) as co2e_avoided_kg_by_share
    from by_programme
    group by funder_id
),
whole as (
    -- the view's parcours, read once: the association's whole counts and the part of each
    -- parcours no programme funds
    select
        count(*) filter (where is_started) as parcours_started,
        count(*) filter (where is_in_base) as outcome_base,
        count(*) filter (where is_return) as returns_to_employment,
        count(*) filter (where is_positive) as positive_exits,
        sum(energy_saved_kwh) filter (where is_closed) as energy_saved_kwh,
        sum(co2e_avoided_kg) filter (where is_closed) as co2e_avoided_kg,
        sum(1 - funded_share) filter (where is_started) as unattributed_started_by_share,
        sum(1 - funded_share) filter (where is_positive) as unattributed_positive_exits_by_share,
        sum((1 - funded_share) * energy_saved_kwh) filter (where is_closed)
            as unattributed_energy_saved_kwh_by_share,
        sum((1 - funded_share) * co2e_avoided_kg) filter (where is_closed)
            as unattributed_co2e_avoided_kg_by_share
    from parcours
),
payments as (
    select programme_id, funder_id, amount_eur::decimal(18, 2) as amount_eur
    from marts.fct_funding_movement
    where movement_type = 'versement' and movement_date between $start and $end
      and
-- include: scope_programmes
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
        'unattributed', null, null, null,
        coalesce(unattributed_started_by_share, 0)::double,
        null, null, null,
        coalesce(unattributed_positive_exits_by_share, 0)::double,
        unattributed_energy_saved_kwh_by_share::double,
        unattributed_co2e_avoided_kg_by_share::double,
        null
    from whole
    where $scope_all_programmes
    union all
    select
        'association', null, null,
        parcours_started,
        parcours_started::double,
        outcome_base,
        returns_to_employment,
        positive_exits,
        positive_exits::double,
        energy_saved_kwh,
        co2e_avoided_kg,
        (select coalesce(sum(amount_eur), 0) from payments)::double
    from whole
    where $scope_all_programmes
)
select * from final order by level, funder_id, programme_id
