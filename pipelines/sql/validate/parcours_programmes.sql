-- Rules of parcours_programmes.csv (LANDING.md). One row per broken rule.
-- Parameters: $style, $delivery_date. Parents: staging.stg_parcours, staging.stg_programmes.
with raw as (select rowid as _row, * from work.raw_parcours_programmes),
share_totals as (
    select parcours_id, sum(parse_decimal(share, $style)) as total
    from raw group by parcours_id
)
select _row, 'parcours_id' as column_name, 'required' as rule, parcours_id as value
from raw where parcours_id is null
union all
select _row, 'parcours_id', 'foreign_key', parcours_id from raw
where parcours_id is not null and parcours_id not in (select parcours_id from staging.stg_parcours)
union all
select _row, 'programme_id', 'required', programme_id from raw where programme_id is null
union all
select _row, 'programme_id', 'foreign_key', programme_id from raw
where programme_id is not null
  and programme_id not in (select programme_id from staging.stg_programmes)
union all
select _row, 'share', 'required', share from raw where share is null
union all
select _row, 'share', 'invalid_decimal', share from raw
where share is not null and parse_decimal(share, $style) is null
union all
select _row, 'share', 'out_of_range', share from raw
where parse_decimal(share, $style) <= 0 or parse_decimal(share, $style) > 1
union all
-- the shares of one parcours sum to at most 1 (a small tolerance for rounded thirds)
select raw._row, 'share', 'share_sum_exceeds_one', raw.share
from raw join share_totals using (parcours_id)
where share_totals.total > 1.0001
