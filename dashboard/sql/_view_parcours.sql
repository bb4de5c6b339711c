-- _view_parcours: not a query but two CTEs that queries include with `-- include: view_parcours`
-- (dashboard.queries.sqlfiles): `funded`, the parcours funded by $funder_id / $programme_id within
-- the user's programmes (_scope_programmes), and `parcours`, marts.fct_parcours within the view's
-- territory ($reg_code, $dep_code, $ze_code), public segment ($segment) and funder or programme —
-- and, for a funder, its own programmes' parcours whatever the view asks. One definition of the
-- view's parcours for every overview query, so that their filters cannot drift apart.
funded as (
    select distinct parcours_id
    from marts.fct_parcours_programme
    where ($programme_id::varchar is not null or $funder_id::varchar is not null
           or not $scope_all_programmes)
      and ($programme_id::varchar is null or programme_id = $programme_id)
      and ($funder_id::varchar is null or funder_id = $funder_id)
      and
-- include: scope_programmes
),
parcours as (
    select *
    from marts.fct_parcours
-- include: view_place
      and (($programme_id::varchar is null and $funder_id::varchar is null
            and $scope_all_programmes)
           or parcours_id in (select parcours_id from funded))
),
