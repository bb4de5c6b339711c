-- fct_parcours: one row per loaded parcours, sorted by start date (free ranges for internal roles).
select * from intermediate.int_parcours order by started_on, parcours_id
