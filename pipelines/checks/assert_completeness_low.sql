-- severity: warn
-- Régions whose data completeness (expected site-months that reported ÷ expected site-months,
-- PRODUCT.md) over the last 12 full months before the as-of month is below 0.8: missing reports
-- there must not be read as low activity; ask those sites for their exports.
with site_months as (select * from marts.fct_site_month),
as_of_month as (select max(month) as month from site_months),
recent as (
    select s.*
    from site_months as s, as_of_month as a
    where s.month >= a.month - interval 12 month and s.month < a.month
),
by_region as (
    select
        reg_code,
        count(*) filter (where is_expected) as expected,
        count(*) filter (where is_expected and has_reported) as reported
    from recent
    group by reg_code
)
select reg_code, expected, reported, reported / expected as completeness
from by_region
where expected > 0 and reported / expected < 0.8
order by reg_code
