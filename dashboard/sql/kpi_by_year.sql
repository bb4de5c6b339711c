-- kpi_by_year: national KPIs, one row per calendar year (the as-of year is partial).
-- Grain and definitions: warehouse/schema.yml, marts.kpi_by_year. National internal scope only:
-- scoped variants will bind their filters ($reg_code, $programme_ids) here, in SQL.
with kpi as (
    select * from marts.kpi_by_year
),
final as (
    select
        year,
        new_parcours,
        closed_parcours,
        active_people,
        return_to_employment_rate,
        positive_exit_rate
    from kpi
)
select * from final order by year
