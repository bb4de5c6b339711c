-- funders_conventions: each programme's convention to the build's as-of date, and each funder's
-- and all programmes' totals — one row per `level`: 'programme' (every programme), 'funder'
-- (every funder) and 'all' (one row). A read of programme_funding, counted at night: money
-- (budget; committed and paid to date; kWh cumac = paid × kWh cumac per euro) and parcours, the
-- programme's funding links started within its convention up to the as-of date: whole (a
-- parcours funded by two programmes of a funder counts once for it; not added up over all
-- programmes) and by share, and the positive exits among them by share (the base of the cost
-- per positive exit). Shares are summed as decimals: totals add up to the cent. A funder sees
-- its own programmes only (_scope_programmes): its 'all' row is its own total.
with programmes as (
    select * from marts.dim_programme
    where
-- include: scope_programmes
),
funding as (
    select * from marts.programme_funding
    where
-- include: scope_programmes
),
places as (
    select 'R' || reg_code as part, reg_name as place_name from marts.dim_region
    union all
    select 'D' || dep_code, dep_name || ' (' || dep_code || ')' from marts.dim_departement
),
perimeters as (
    select p.programme_id, string_agg(coalesce(n.place_name, u.part), ', ' order by u.position)
        as perimeter_names
    from programmes as p,
        unnest(string_split(p.perimeter, '|')) with ordinality as u(part, position)
    left join places as n on n.part = u.part
    group by p.programme_id
),
totals as (
    -- per programme, funder and in all; a funder's whole parcours add up its programmes'
    -- links with is_first_of_funder (funder_parcours_started_in_convention): each parcours once
    select
        case when grouping(programme_id) = 0 then 'programme'
             when grouping(funder_id) = 0 then 'funder' else 'all' end as level,
        funder_id,
        programme_id,
        sum(budget_eur) as budget_eur,
        sum(committed_eur) as committed_eur,
        sum(paid_eur) as paid_eur,
        sum(kwh_cumac) as kwh_cumac,
        case when grouping(programme_id) = 0 then sum(parcours_started_in_convention)
             when grouping(funder_id) = 0 then sum(funder_parcours_started_in_convention)
        end as parcours_started,  -- conventions differ in period: not added up over all
        sum(parcours_started_in_convention_by_share) as parcours_started_by_share,
        sum(positive_exits_in_convention_by_share) as positive_exits_by_share
    from funding
    group by grouping sets ((funder_id, programme_id), (funder_id), ())
),
final as (
    select
        m.level,
        m.funder_id,
        m.programme_id,
        p.programme_name,
        p.period_start,
        p.period_end,
        p.perimeter,
        r.perimeter_names,
        p.target_parcours,
        p.target_return_rate,
        p.kwh_cumac_per_eur,
        m.budget_eur,
        m.committed_eur,
        m.paid_eur,
        m.kwh_cumac,
        m.parcours_started::bigint as parcours_started,
        m.parcours_started_by_share::double as parcours_started_by_share,
        m.positive_exits_by_share::double as positive_exits_by_share
    from totals as m
    left join programmes as p on p.programme_id = m.programme_id
    left join perimeters as r on r.programme_id = m.programme_id
)
select * from final order by level, funder_id, programme_id
