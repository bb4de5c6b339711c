-- A foreign key whose parent row exists but was quarantined is a cascade, not a broken reference.
update work.violations as v
set rule = 'parent_quarantined'
where v.table_name = $table_name
  and v.rule = 'foreign_key'
  and exists (
      select 1
      from work.foreign_keys as fk
      join work.keys as k on k.table_name = fk.parent_table
      where fk.table_name = v.table_name
        and fk.column_name = v.column_name
        and k._key = v.value
  )
