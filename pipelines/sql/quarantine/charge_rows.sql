-- Which table each quarantined row of $table_name counts toward for the threshold: its own,
-- unless its only fault is a quarantined parent; then the table that parent row counts toward.
insert into work.row_charges
select
    v.table_name,
    v._row,
    case
        when bool_and(v.rule = 'parent_quarantined') then min(parent_charge.charged_to)
        else v.table_name
    end as charged_to
from work.violations as v
left join work.foreign_keys as fk
    on fk.table_name = v.table_name and fk.column_name = v.column_name
   and v.rule = 'parent_quarantined'
left join work.keys as parent_key
    on parent_key.table_name = fk.parent_table and parent_key._key = v.value
left join work.row_charges as parent_charge
    on parent_charge.table_name = parent_key.table_name and parent_charge._row = parent_key._row
where v.table_name = $table_name
group by v.table_name, v._row
