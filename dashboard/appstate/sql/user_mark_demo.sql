-- user_mark_demo: the account has the demo password (production refuses to start while it does).
update users set has_demo_password = 1 where username = :username
