-- user_set_hash: a new password hash; `bump` 1 ends the account's open sessions.
update users
set password_hash = :password_hash, updated_at = :at, session_epoch = session_epoch + :bump
where user_id = :user_id
