-- users_demo_password: enabled accounts that still have the demo password.
select username from users where has_demo_password and not is_disabled order by username
