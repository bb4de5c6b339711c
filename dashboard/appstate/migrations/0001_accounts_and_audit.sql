-- 0001: accounts, login attempts (rate limits shared by every worker), the audit log, and the
-- app's own settings (the demo's generated session key).
create table users (
    user_id integer primary key,
    username text not null unique,
    password_hash text not null,
    role text not null check (role in ('admin', 'committee', 'director', 'funder')),
    reg_code text,
    funder_id text,
    is_disabled integer not null default 0 check (is_disabled in (0, 1)),
    must_change_password integer not null default 0 check (must_change_password in (0, 1)),
    has_demo_password integer not null default 0 check (has_demo_password in (0, 1)),
    session_epoch integer not null default 0,
    created_at text not null,
    updated_at text not null,
    last_login_at text,
    check ((role = 'director') = (reg_code is not null)),
    check ((role = 'funder') = (funder_id is not null))
);

create table login_attempts (
    attempt_id integer primary key,
    username text not null,
    address text not null,
    attempted_at real not null,
    succeeded integer not null check (succeeded in (0, 1))
);
create index login_attempts_by_account on login_attempts (username, attempted_at);
create index login_attempts_by_address on login_attempts (address, attempted_at);

create table audit_events (
    event_id integer primary key,
    occurred_at text not null,
    user_id integer,
    username text,
    role text,
    scope text,
    kind text not null,
    target text not null,
    filters text,
    data_version text,
    row_count integer,
    address text
);
create index audit_events_by_time on audit_events (occurred_at);
create index audit_events_by_user on audit_events (username, occurred_at);

create table app_settings (
    name text primary key,
    value text not null
);
