-- Working tables of one run, in the in-memory `work` database (never in the build file).
create table work.files (
    table_name varchar, delivery varchar, file_name varchar, line_mode varchar
);
create table work.keys (table_name varchar, _row bigint, _key varchar);
create table work.violations (
    table_name varchar, _row bigint, column_name varchar, rule varchar, value varchar
);
create table work.row_charges (table_name varchar, _row bigint, charged_to varchar);
create table work.line_numbers (table_name varchar, _row bigint, line_number bigint);
create table work.foreign_keys (table_name varchar, column_name varchar, parent_table varchar);
