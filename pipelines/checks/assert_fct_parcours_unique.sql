-- severity: error
-- fct_parcours has one row per loaded parcours: no key twice, none lost on the site join.
select parcours_id, count(*) as copies from marts.fct_parcours group by parcours_id having count(*) > 1
union all
select 'rows lost', (select count(*) from staging.stg_parcours) - (select count(*) from marts.fct_parcours)
where (select count(*) from staging.stg_parcours) <> (select count(*) from marts.fct_parcours)
