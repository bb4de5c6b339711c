-- _view_filters: not a query but a where clause that queries include with
-- `-- include: view_filters` after a `from` of marts.fct_parcours or marts.fct_parcours_programme
-- (both carry the columns): the view's territory and public segment (_view_place) and the
-- parcours started or ended in the period [$start, $end].
-- include: view_place
  and started_on <= $end  -- implied (ended_on ≥ started_on): the file, sorted by it, is skipped
  and (started_on between $start and $end or ended_on between $start and $end)
