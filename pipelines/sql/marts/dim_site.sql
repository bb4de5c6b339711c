-- dim_site: one row per loaded site (point d'accueil) with its territory.
select * from intermediate.int_sites order by site_id
