-- int_parcours_energy: one row per parcours with a t0 trip survey: its t0 energy, the latest
-- energy after the parcours (t6 if surveyed, else t3; null if neither), the energy saved and the
-- CO2e avoided (PRODUCT.md glossary). A saving is measured when a later wave exists and the t0
-- energy is above zero (a saving on zero initial energy means nothing); is_saving_30 is then
-- whether the saving reaches 30 % of the t0 energy, and null when no saving is measured.
with surveys as (select * from intermediate.int_energy_per_survey),
waves as (
    select
        parcours_id,
        bool_or(wave = 't3') as has_t3,
        bool_or(wave = 't6') as has_t6,
        max(energy_kwh_per_year) filter (where wave = 't0') as t0_kwh,
        max(energy_kwh_per_year) filter (where wave = 't3') as t3_kwh,
        max(energy_kwh_per_year) filter (where wave = 't6') as t6_kwh,
        max(co2e_kg_per_year) filter (where wave = 't0') as t0_co2e_kg,
        max(co2e_kg_per_year) filter (where wave = 't3') as t3_co2e_kg,
        max(co2e_kg_per_year) filter (where wave = 't6') as t6_co2e_kg
    from surveys
    group by parcours_id
    having bool_or(wave = 't0')
),
latest as (
    select
        parcours_id,
        t0_kwh,
        t0_co2e_kg,
        case when has_t6 then 't6' when has_t3 then 't3' end as after_wave,
        case when has_t6 then t6_kwh when has_t3 then t3_kwh end as after_kwh,
        case when has_t6 then t6_co2e_kg when has_t3 then t3_co2e_kg end as after_co2e_kg
    from waves
),
measured as (
    select
        *,
        t0_kwh - after_kwh as energy_saved_kwh,
        after_wave is not null and t0_kwh > 0 as has_measured_saving
    from latest
),
final as (
    select
        parcours_id,
        t0_kwh,
        after_wave,
        after_kwh,
        energy_saved_kwh,
        has_measured_saving,
        case when has_measured_saving then energy_saved_kwh >= 0.3 * t0_kwh end as is_saving_30,
        t0_co2e_kg,
        after_co2e_kg,
        t0_co2e_kg - after_co2e_kg as co2e_avoided_kg
    from measured
)
select * from final
