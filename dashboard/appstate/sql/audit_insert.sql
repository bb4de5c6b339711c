-- audit_insert: one audit event (never the figures themselves).
insert into audit_events (occurred_at, user_id, username, role, scope, kind, target, filters,
                          data_version, row_count, address)
values (:at, :user_id, :username, :role, :scope, :kind, :target, :filters, :data_version,
        :row_count, :address)
