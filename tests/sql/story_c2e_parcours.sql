-- Parcours started in 2019–2022 funded by the C2E programmes ($c2e: their programme ids).
select count(distinct l.parcours_id) as parcours
from read_csv($links, all_varchar = true) as l
join read_csv($parcours, all_varchar = true) as p using (parcours_id)
where l.programme_id in (select unnest($c2e::varchar[]))
  and p.started_on::date between date '2019-01-01' and date '2022-12-31'
