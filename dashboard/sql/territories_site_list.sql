-- territories_site_list: the sites of one territory ($level region, departement or zone; $code)
-- open at some point of the period [$start, $end]: name, type and commune code, by name. Site
-- detail is for the head office and for a director in its own région ($scope_sites).
with sites as (
    select * from marts.dim_site
    where ($scope_sites = 'all' or reg_code = $scope_sites)  -- site detail: head office, director
      and opened_on <= $end and (closed_on is null or closed_on >= $start)
      and case $level
            when 'region' then reg_code
            when 'departement' then dep_code
            else ze_code
          end = $code
),
final as (
    select site_id, site_name, site_type, commune_code from sites
)
select * from final order by site_name, site_id
