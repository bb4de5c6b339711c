-- convention_cells: the funders page's convention figures as published cells (period_kind
-- 'convention', period_start 2019-01-01 — the warehouse's first day: conventions are counted to
-- the as-of date —, France, segment '*'), protected with the others by
-- pipelines/protect.py: per programme ('P:') and funder ('F:'), the parcours started within the
-- convention by the as-of date (new_parcours) and, of those, the positive exits ended by then
-- (positive_exits: the base of the cost per positive exit). A funder's counts each parcours
-- once (is_first_of_funder); every other count is 0. The links' definition is
-- marts.programme_funding's.
with links as (
    select
        programme_id,
        funder_id,
        is_first_of_funder,
        is_in_outcome_base and is_positive_exit and ended_on <= $as_of as is_positive
    from marts.fct_parcours_programme
    where is_in_convention and started_on <= $as_of
),
counted as (
    select 'P:' || p.programme_id as slice,
           count(l.programme_id) as new_parcours,
           count(*) filter (where l.is_positive) as positive_exits
    from marts.dim_programme as p
    left join links as l using (programme_id)
    group by p.programme_id
    union all
    select 'F:' || f.funder_id,
           count(l.funder_id),
           count(*) filter (where l.is_positive)
    from (select distinct funder_id from marts.dim_programme) as f
    left join links as l on l.funder_id = f.funder_id and l.is_first_of_funder
    group by f.funder_id
)
select
    'convention' as period_kind, date '2019-01-01' as period_start, 'france' as level,
    'FR' as code,
    slice, '*' as segment, new_parcours, positive_exits
from counted
order by slice
