-- audit_purge: events older than the retention.
delete from audit_events where occurred_at < :before
