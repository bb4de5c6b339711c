-- attempts_insert: one login attempt.
insert into login_attempts (username, address, attempted_at, succeeded)
values (:username, :address, :at, :succeeded)
