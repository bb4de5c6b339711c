-- funders_conventions: each programme's convention to the as-of date ($as_of), and each funder's
-- and all programmes' totals — one row per `level`: 'programme' (every programme), 'funder'
-- (every funder) and 'all' (one row). Money from programme_funding (budget; committed and paid
-- to date; kWh cumac = paid × kWh cumac per euro). Parcours are the programme's funding links
-- started within its convention up to $as_of: whole (a parcours funded by two programmes of a
-- funder counts once for it; not added up over all programmes) and by share, and the positive
-- exits among them by share (the base of the cost per positive exit). Shares are summed as
-- decimals: totals add up to the cent.
with programmes as (
    select * from marts.dim_programme
),
funding as (
    select * from marts.programme_funding
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
positive as (
    select parcours_id, true as is_positive
    from marts.fct_parcours
    where is_in_outcome_base and is_positive_exit and ended_on <= $as_of::date
),
links as (
    select
        l.programme_id,
        l.funder_id,
        l.parcours_id,
        l.share::decimal(18, 6) as share,
        coalesce(x.is_positive, false) as is_positive
    from marts.fct_parcours_programme as l
    join programmes as p using (programme_id)
    left join positive as x using (parcours_id)
    where l.started_on between p.period_start and least(p.period_end, $as_of::date)
),
overlapping as (
    -- programmes whose convention overlaps another of the same funder's: only their links
    -- can hold a parcours twice for one funder (links are kept within their convention)
    select distinct a.programme_id
    from programmes as a
    join programmes as b
        on a.funder_id = b.funder_id
        and a.programme_id <> b.programme_id
        and a.period_start <= b.period_end
        and b.period_start <= a.period_end
),
twice as (
    select l.funder_id, count(*) - count(distinct l.parcours_id) as repeated
    from marts.fct_parcours_programme as l
    join programmes as p using (programme_id)
    where l.programme_id in (select programme_id from overlapping)
      and l.started_on between p.period_start and least(p.period_end, $as_of::date)
    group by l.funder_id
),
by_programme as (
    select
        'programme' as level,
        funder_id,
        programme_id,
        count(*) as parcours_started,
        sum(share) as parcours_started_by_share,
        sum(share) filter (where is_positive) as positive_exits_by_share
    from links
    group by funder_id, programme_id
),
by_funder as (
    select
        'funder' as level,
        b.funder_id,
        null as programme_id,
        (sum(b.parcours_started) - coalesce(any_value(t.repeated), 0))::bigint
            as parcours_started,
        sum(b.parcours_started_by_share) as parcours_started_by_share,
        sum(b.positive_exits_by_share) as positive_exits_by_share
    from by_programme as b
    left join twice as t using (funder_id)
    group by b.funder_id
),
by_all as (
    select
        'all' as level,
        null as funder_id,
        null as programme_id,
        null::bigint as parcours_started,  -- conventions differ in period: not added up
        sum(parcours_started_by_share) as parcours_started_by_share,
        sum(positive_exits_by_share) as positive_exits_by_share
    from by_programme
),
counted as (
    select * from by_programme
    union all
    select * from by_funder
    union all
    select * from by_all
),
money as (
    select
        case when grouping(programme_id) = 0 then 'programme'
             when grouping(funder_id) = 0 then 'funder' else 'all' end as level,
        funder_id,
        programme_id,
        sum(budget_eur) as budget_eur,
        sum(committed_eur) as committed_eur,
        sum(paid_eur) as paid_eur,
        sum(kwh_cumac) as kwh_cumac
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
        case when m.level <> 'all' then coalesce(c.parcours_started, 0) end as parcours_started,
        coalesce(c.parcours_started_by_share, 0)::double as parcours_started_by_share,
        coalesce(c.positive_exits_by_share, 0)::double as positive_exits_by_share
    from money as m
    left join counted as c
        on c.level = m.level
        and coalesce(c.programme_id, c.funder_id, '') = coalesce(m.programme_id, m.funder_id, '')
    left join programmes as p on p.programme_id = m.programme_id
    left join perimeters as r on r.programme_id = m.programme_id
)
select * from final order by level, funder_id, programme_id
