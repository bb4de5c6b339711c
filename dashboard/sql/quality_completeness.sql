-- quality_completeness: data completeness (PRODUCT.md) per row of a territory and per month,
-- from $first_month to $last_month (first days): site-months expected to report (open and
-- staffed) and, of those, the ones that reported (marts.fct_site_month). Rows are régions
-- ($level 'region'), départements ('departement') or sites ('site'), within the optional
-- $reg_code, $dep_code and $ze_code; the row whose row_code is null is the whole territory.
-- Site rows are site detail: for the head office, and for a director in its région only
-- ($scope_sites); the territory's row counts every site either way.
with site_months as (
    select * from marts.fct_site_month
    where month between $first_month and $last_month
        and ($reg_code is null or reg_code = $reg_code)
        and ($dep_code is null or dep_code = $dep_code)
        and ($ze_code is null or ze_code = $ze_code)
),
regions as (
    select reg_code, reg_name from marts.dim_region
),
departements as (
    select dep_code, dep_name from marts.dim_departement
),
sites as (
    select site_id, site_name from marts.dim_site
),
placed as (
    select
        case $level
            when 'region' then reg_code
            when 'departement' then dep_code
            else site_id
        end as row_code,
        month,
        is_expected,
        has_reported
    from site_months
),
counted as (
    select
        row_code,
        month,
        count(*) filter (where is_expected) as expected,
        count(*) filter (where is_expected and has_reported) as reported
    from placed
    group by grouping sets ((row_code, month), (month))
),
final as (
    select
        c.row_code,
        case $level
            when 'region' then r.reg_name
            when 'departement' then d.dep_name
            else s.site_name
        end as row_name,
        c.month,
        c.expected,
        c.reported
    from counted as c
    left join regions as r on r.reg_code = c.row_code
    left join departements as d on d.dep_code = c.row_code
    left join sites as s on s.site_id = c.row_code
    where $level <> 'site' or c.row_code is null or $scope_sites = 'all'
       or c.row_code in (select site_id from marts.dim_site where reg_code = $scope_sites)
)
select * from final order by row_code nulls last, month
