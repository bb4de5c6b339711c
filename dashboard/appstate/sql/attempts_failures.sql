-- attempts_failures: the latest failed logins (up to :limit) since :since matching an
-- account (:username, null: any) and an address (:address, null: any): how many, and the oldest.
select count(*) as failures, min(attempted_at) as oldest
from (
    select attempted_at
    from login_attempts
    where not succeeded
      and attempted_at > :since
      and (:username is null or username = :username)
      and (:address is null or address = :address)
    order by attempted_at desc
    limit :limit
)
