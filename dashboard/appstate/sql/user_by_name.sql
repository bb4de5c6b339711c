-- user_by_name: one account by its username.
select * from users where username = :username
