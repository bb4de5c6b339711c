-- user_set_disabled: disable (ending every session: `bump` 1) or enable an account.
update users
set is_disabled = :is_disabled, updated_at = :at, session_epoch = session_epoch + :bump
where user_id = :user_id
