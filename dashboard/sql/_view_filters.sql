-- _view_filters: not a query but a where clause that queries include with
-- `-- include: view_filters` after a `from` of marts.fct_parcours or marts.fct_parcours_programme
-- (both carry the columns): the view's territory ($reg_code, $dep_code, $ze_code), public segment
-- ($segment) and the parcours started or ended in the period [$start, $end].
where ($reg_code::varchar is null or reg_code = $reg_code)
  and ($dep_code::varchar is null or dep_code = $dep_code)
  and ($ze_code::varchar is null or ze_code = $ze_code)
  and ($segment::varchar is null
       or ($segment = 'moins_26' and is_under_26)
       or ($segment = 'qpv' and is_qpv)
       or ($segment = 'minima_sociaux' and has_minimum_social)
       or ($segment = 'deld' and is_long_term_job_seeker)
       or ($segment = 'precarite_energetique' and energy_precarious))
  and started_on <= $end  -- implied (ended_on ≥ started_on): the file, sorted by it, is skipped
  and (started_on between $start and $end or ended_on between $start and $end)
