-- user_set_flags: after a password change or reset.
update users set must_change_password = :must_change_password, has_demo_password = 0
where user_id = :user_id
