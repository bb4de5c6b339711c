-- Duplicate keys in the table being validated (`work.current_typed`), judged after parsing and
-- repair: the 2nd and later copies of an identical row → `duplicate`; rows sharing a key but
-- differing → all of them `conflicting_duplicate`. Parameter: $key_columns (for column_name).
with keyed as (
    select
        _row,
        _key,
        hash(*columns(* exclude (_row, _key, _repairs))) as _hash
    from work.current_typed
),
ranked as (
    select
        _row,
        _key,
        row_number() over (partition by _key order by _row) as copy_number,
        count(*) over (partition by _key) as copies,
        count(distinct _hash) over (partition by _key) as variants
    from keyed
)
select
    _row,
    $key_columns as column_name,
    case when variants > 1 then 'conflicting_duplicate' else 'duplicate' end as rule,
    _key as value
from ranked
where copies > 1 and (variants > 1 or copy_number > 1)
