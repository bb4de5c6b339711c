-- quality_quarantine_shares: per source table, rows read, rows quarantined (distinct rows), rows
-- charged to it for the threshold (its own and the cascades from its refused rows), the share
-- charged and the threshold a build must not pass (meta.quarantine_shares); largest share first.
with shares as (
    select * from meta.quarantine_shares
),
final as (
    select table_name, rows_read, rows_quarantined, rows_charged, share, threshold, passed
    from shares
)
select * from final order by share desc, table_name
