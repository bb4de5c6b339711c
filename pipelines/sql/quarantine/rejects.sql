-- quarantine.rejects: one row per broken rule of a refused row (file-level refusals are added
-- by the runner). line_number: physical line where the record starts, header = line 1.
select
    $run_id as run_id,
    f.delivery,
    v.table_name,
    f.file_name,
    case
        when f.line_mode = 'simple' then v._row + 2
        when f.line_mode = 'mapped' then ln.line_number
    end::bigint as line_number,
    k._key as record_key,
    v.column_name,
    v.rule,
    v.value
from work.violations as v
join work.files as f using (table_name)
left join work.keys as k using (table_name, _row)
left join work.line_numbers as ln using (table_name, _row)
order by v.table_name, v._row, v.column_name, v.rule
