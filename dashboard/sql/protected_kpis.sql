-- protected_kpis: what the committee, funders and directors outside their région read (PRODUCT.md
-- publishing rule): marts.protected_kpis, computed and audited at night — hidden counts are
-- null, `small_counts` names those from 1 to 10 ("< 11"), `hidden_counts` every hidden one.
-- One slice ($slice: '*', 'F:<funder>', 'P:<programme>'; null: every one allowed) and segment,
-- one kind of period, the periods starting from $first to $last, one territory ($level, $code)
-- or every one (null).
-- A funder reads its own funder's and programmes' slices only: another slice gives no row.
with slices as (
    select '*' as slice, null::varchar as funder_id, true as is_everyone
    union all
    select distinct 'F:' || funder_id, funder_id, false from marts.dim_programme
    union all
    select 'P:' || programme_id, funder_id, false from marts.dim_programme
),
allowed as (
    select slice from slices
    where (is_everyone and $scope_all_programmes)
       or (not is_everyone and
-- include: scope_programmes
       )
)
select p.*
from marts.protected_kpis as p
where ($slice::varchar is null or p.slice = $slice)
  and p.slice in (select slice from allowed)
  and p.segment = $segment
  and p.period_kind = $period_kind
  and p.period_start between $first and $last
  and ($level::varchar is null or (p.level = $level and p.code = $code))
order by p.period_start, p.level, p.code
