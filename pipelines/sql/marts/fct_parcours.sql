-- fct_parcours: one row per loaded parcours, sorted by start date (free ranges for internal roles),
-- with its energy estimate from the trip surveys (null when the parcours has no t0 survey).
with parcours as (select * from intermediate.int_parcours),
energy as (select * from intermediate.int_parcours_energy),
final as (
    select
        p.*,
        e.t0_kwh,
        e.after_kwh,
        e.energy_saved_kwh,
        e.has_measured_saving,
        e.is_saving_30,
        e.co2e_avoided_kg
    from parcours as p
    left join energy as e using (parcours_id)
)
select * from final order by started_on, parcours_id
