-- territories_sites: per territory (France, régions, départements, zones d'emploi), over the
-- months of the period [$first_month, $last_month] (first days): the sites open at least one
-- month, the counsellors' average monthly FTE (caseload's base), and data completeness
-- (PRODUCT.md: expected site-months — open and staffed — and, of those, the ones that reported).
with site_months as (
    select * from marts.fct_site_month where month between $first_month and $last_month
),
counted as (
    select
        grouping(reg_code) = 0 as by_region,
        grouping(dep_code) = 0 as by_departement,
        grouping(ze_code) = 0 as by_zone,
        reg_code,
        dep_code,
        ze_code,
        count(distinct site_id) filter (where is_open) as sites,
        coalesce(sum(counsellor_fte) filter (where is_open), 0)
            / (date_diff('month', $first_month::date, $last_month::date) + 1) as fte,
        count(*) filter (where is_expected) as expected,
        count(*) filter (where is_expected and has_reported) as reported
    from site_months
    group by grouping sets ((), (reg_code), (dep_code), (ze_code))
),
final as (
    select
        case
            when by_region then 'region'
            when by_departement then 'departement'
            when by_zone then 'zone'
            else 'france'
        end as level,
        coalesce(reg_code, dep_code, ze_code, 'FR') as code,
        sites,
        fte,
        expected,
        reported
    from counted
)
select * from final order by level, code
