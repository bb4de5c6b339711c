-- The rows of the table being validated (`work.current_typed`) that broke no rule.
select * exclude (_row, _key, _repairs)
from work.current_typed
where _row not in (select _row from work.violations where table_name = $table_name)
order by _row
