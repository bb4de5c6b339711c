-- Per table: rows quarantined (distinct rows), rows charged to it for the threshold, and of
-- those, the rows of other tables (cascades from its refused rows).
with quarantined as (
    select table_name, count(*) as rows_quarantined from work.row_charges group by table_name
),
charged as (
    select
        charged_to as table_name,
        count(*) as rows_charged,
        count(*) filter (where table_name <> charged_to) as rows_cascaded_in
    from work.row_charges group by charged_to
)
select
    f.table_name,
    coalesce(q.rows_quarantined, 0) as rows_quarantined,
    coalesce(c.rows_charged, 0) as rows_charged,
    coalesce(c.rows_cascaded_in, 0) as rows_cascaded_in
from work.files as f
left join quarantined as q using (table_name)
left join charged as c using (table_name)
