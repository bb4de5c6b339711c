-- _view_parcours: not a query but two CTEs that queries include with `-- include: view_parcours`
-- (dashboard.queries.sqlfiles): `funded`, the parcours funded by $funder_id / $programme_id, and
-- `parcours`, marts.fct_parcours within the view's territory ($reg_code, $dep_code, $ze_code),
-- public segment ($segment) and funder or programme. One definition of the view's parcours for
-- every overview query, so that their filters cannot drift apart.
funded as (
    select distinct parcours_id
    from marts.fct_parcours_programme
    where ($programme_id::varchar is not null or $funder_id::varchar is not null)
      and ($programme_id::varchar is null or programme_id = $programme_id)
      and ($funder_id::varchar is null or funder_id = $funder_id)
),
parcours as (
    select *
    from marts.fct_parcours
    where ($reg_code::varchar is null or reg_code = $reg_code)
      and ($dep_code::varchar is null or dep_code = $dep_code)
      and ($ze_code::varchar is null or ze_code = $ze_code)
      and ($segment::varchar is null
           or ($segment = 'moins_26' and is_under_26)
           or ($segment = 'qpv' and is_qpv)
           or ($segment = 'minima_sociaux' and has_minimum_social)
           or ($segment = 'deld' and is_long_term_job_seeker)
           or ($segment = 'precarite_energetique' and energy_precarious))
      and (($programme_id::varchar is null and $funder_id::varchar is null)
           or parcours_id in (select parcours_id from funded))
),
