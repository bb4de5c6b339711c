-- _view_place: not a query but a where clause that fragments and queries include with
-- `-- include: view_place` after a `from` of marts.fct_parcours or marts.fct_parcours_programme
-- (both carry the columns): the view's territory ($reg_code, $dep_code, $ze_code) and public
-- segment ($segment). The one definition of the segments in SQL (dashboard.state.SEGMENTS).
where ($reg_code::varchar is null or reg_code = $reg_code)
  and ($dep_code::varchar is null or dep_code = $dep_code)
  and ($ze_code::varchar is null or ze_code = $ze_code)
  and ($segment::varchar is null
       or ($segment = 'moins_26' and is_under_26)
       or ($segment = 'qpv' and is_qpv)
       or ($segment = 'minima_sociaux' and has_minimum_social)
       or ($segment = 'deld' and is_long_term_job_seeker)
       or ($segment = 'precarite_energetique' and energy_precarious))
