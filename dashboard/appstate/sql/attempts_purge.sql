-- attempts_purge: attempts older than the limits' memory.
delete from login_attempts where attempted_at < :before
