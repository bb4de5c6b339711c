-- What every build holds about itself, so that anyone can audit it.
create schema ref;
create schema staging;
create schema intermediate;
create schema marts;
create schema meta;
create schema quarantine;
create table meta.runs (
    run_id varchar, started_at timestamptz, finished_at timestamptz, status varchar,
    deliveries varchar, as_of date, message varchar
);
create table meta.load_log (
    run_id varchar, delivery varchar, table_name varchar, file_name varchar, dialect varchar,
    rows_read bigint, rows_loaded bigint, rows_quarantined bigint, repairs bigint,
    warnings varchar, file_sha256 varchar, in_use boolean
);
create table meta.quarantine_shares (
    table_name varchar, rows_read bigint, rows_quarantined bigint, rows_charged bigint,
    share double, threshold double, passed boolean
);
create table meta.check_results (
    "check" varchar, severity varchar, status varchar, failing_rows bigint, description varchar
);
create table quarantine.rejects (
    run_id varchar, delivery varchar, table_name varchar, file_name varchar, line_number bigint,
    record_key varchar, column_name varchar, rule varchar, value varchar
);
