-- user_set_role: a new role and what it is scoped to.
update users set role = :role, reg_code = :reg_code, funder_id = :funder_id, updated_at = :at
where user_id = :user_id
