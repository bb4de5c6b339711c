-- quality_quarantine_rules: rejects per source table and rule (quarantine.rejects: one row per
-- broken rule of a quarantined row, so a row breaking two rules counts once under each).
with rejects as (
    select * from quarantine.rejects
),
final as (
    select table_name, rule, count(*) as rejects
    from rejects
    group by table_name, rule
)
select * from final order by table_name, rejects desc, rule
