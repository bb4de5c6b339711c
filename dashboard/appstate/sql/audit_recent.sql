-- audit_recent: the latest events (up to :limit), newest first, optionally of one username
-- and one kind, since a day.
select *
from audit_events
where (:username is null or username = :username)
  and (:kind is null or kind = :kind)
  and (:since is null or occurred_at >= :since)
order by occurred_at desc, event_id desc
limit :limit
