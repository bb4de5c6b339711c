-- Return-to-employment rate per year of exit (PRODUCT.md), straight from a parcours file.
select year(ended_on::date) as year,
       count(*) filter (where exit_outcome in ('emploi_durable', 'emploi_transition'))
           / count(*) as rate
from read_csv($parcours, all_varchar = true)
where ended_on is not null and exit_outcome <> 'demenagement_reorientation'
group by 1
order by 1
