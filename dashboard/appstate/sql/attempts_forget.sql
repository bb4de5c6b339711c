-- attempts_forget: a success forgets the account's failures from that address.
delete from login_attempts where username = :username and address = :address and not succeeded
