-- kpi_by_year: one row per calendar year, national, from the first parcours' year to the as-of
-- year (that one partial). PRODUCT.md definitions; rates as fractions, null on an empty base.
with parcours as (select * from intermediate.int_parcours),
years as (
    select unnest(range(min(year(started_on)), year($as_of::date) + 1)) as year from parcours
),
active as (
    select
        unnest(range(year(started_on), year(coalesce(ended_on, $as_of::date)) + 1)) as year,
        beneficiary_id
    from parcours
),
active_by_year as (
    select year, count(distinct beneficiary_id) as active_people from active group by year
),
started as (
    select year(started_on) as year, count(*) as new_parcours from parcours group by 1
),
closed as (
    select
        year(ended_on) as year,
        count(*) as closed_parcours,
        count(*) filter (where is_in_outcome_base) as outcome_base,
        count(*) filter (where is_in_outcome_base and is_return_to_employment) as returns,
        count(*) filter (where is_in_outcome_base and is_positive_exit) as positive_exits
    from parcours
    where ended_on is not null
    group by 1
),
final as (
    select
        y.year::integer as year,
        coalesce(s.new_parcours, 0) as new_parcours,
        coalesce(c.closed_parcours, 0) as closed_parcours,
        coalesce(a.active_people, 0) as active_people,
        c.returns / nullif(c.outcome_base, 0) as return_to_employment_rate,
        c.positive_exits / nullif(c.outcome_base, 0) as positive_exit_rate
    from years as y
    left join started as s using (year)
    left join closed as c using (year)
    left join active_by_year as a using (year)
)
select * from final order by year
