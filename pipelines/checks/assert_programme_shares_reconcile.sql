-- severity: error
-- Funding shares reconcile: the shares of one parcours in fct_parcours_programme sum to at most 1
-- (within the intake's tolerance for rounded thirds, 1.0001: validate/parcours_programmes.sql) and
-- to its funded_share in fct_parcours, and no loaded funding link is lost on the joins.
with links as (
    select parcours_id, sum(share) as share_sum
    from marts.fct_parcours_programme
    group by parcours_id
),
parcours as (select parcours_id, funded_share from marts.fct_parcours)
select l.parcours_id, l.share_sum, p.funded_share
from links as l
left join parcours as p using (parcours_id)
where l.share_sum > 1.0001
   or p.funded_share is null
   or abs(l.share_sum - p.funded_share) > 1e-9
union all
select 'links lost', (select count(*) from staging.stg_parcours_programmes),
       (select count(*) from marts.fct_parcours_programme)
where (select count(*) from staging.stg_parcours_programmes)
   <> (select count(*) from marts.fct_parcours_programme)
