-- user_by_id: one account by its id.
select * from users where user_id = :user_id
