-- users_all: every account, by username.
select * from users order by username
