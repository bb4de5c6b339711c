-- severity: warn
-- Parcours that started before their site opened or after it closed.
select p.parcours_id, p.site_id, p.started_on, s.opened_on, s.closed_on
from marts.fct_parcours as p join marts.dim_site as s using (site_id)
where p.started_on < s.opened_on or p.started_on > s.closed_on
