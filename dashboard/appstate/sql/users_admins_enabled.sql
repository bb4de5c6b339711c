-- users_admins_enabled: how many enabled administrators there are.
select count(*) from users where role = 'admin' and not is_disabled
