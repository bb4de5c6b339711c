-- user_logged_in: the account's last login.
update users set last_login_at = :at where user_id = :user_id
