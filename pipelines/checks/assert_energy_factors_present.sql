-- severity: error
-- Every factor the energy KPIs use (int_energy_per_survey) is in warehouse/reference/
-- energy_factors.csv exactly once, with a positive value: a missing one would blank the figures.
with used as (
    select unnest([
        'kwh_per_litre_gazole', 'kwh_per_litre_essence', 'kwh_per_km_electric_car',
        'carpooling_share', 'co2e_kg_per_litre_gazole', 'co2e_kg_per_litre_essence',
        'co2e_kg_per_kwh_electricity'
    ]) as factor
),
loaded as (
    select factor, count(*) as copies, min(value) as lowest
    from ref.energy_factors
    group by factor
)
select u.factor, coalesce(l.copies, 0) as copies, l.lowest as value
from used as u
left join loaded as l using (factor)
where l.copies is distinct from 1 or not coalesce(l.lowest > 0, false)
