-- user_insert: a new account.
insert into users (username, password_hash, role, reg_code, funder_id, must_change_password,
                   has_demo_password, created_at, updated_at)
values (:username, :password_hash, :role, :reg_code, :funder_id, :must_change_password,
        :has_demo_password, :at, :at)
