-- severity: error
-- fct_site_month has one row per site and month: no (site, month) twice.
select site_id, month, count(*) as copies
from marts.fct_site_month
group by site_id, month
having count(*) > 1
