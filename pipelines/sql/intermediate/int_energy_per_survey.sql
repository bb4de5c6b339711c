-- int_energy_per_survey: one row per loaded trip survey (parcours_id, wave) with its annual fuel
-- energy (kWh/yr), litres (L/yr) and CO2e (kg/yr), PRODUCT.md glossary, factors read by name
-- from ref.energy_factors. A motorised mode (car, carpooling, motorised two-wheeler) burns its
-- fuel: essence or gazole by km_per_week × 52 × litres_per_100km / 100 × energy content, electricity
-- by km × 52 × the electric car's kWh/km; a carpooler counts the carpooling share (half) of the
-- car's; other modes (public transport, bike, walking, none) count 0. The products keep the
-- glossary's order (km, 52, litres, / 100, content, share) so that the figures are reproducible.
with surveys as (select * from staging.stg_trip_surveys),
energy_factors as (select * from ref.energy_factors),
factors as (
    select
        max(value) filter (where factor = 'kwh_per_litre_gazole') as kwh_per_litre_gazole,
        max(value) filter (where factor = 'kwh_per_litre_essence') as kwh_per_litre_essence,
        max(value) filter (where factor = 'kwh_per_km_electric_car') as kwh_per_km_electric_car,
        max(value) filter (where factor = 'carpooling_share') as carpooling_share,
        max(value) filter (where factor = 'co2e_kg_per_litre_gazole') as co2e_kg_per_litre_gazole,
        max(value) filter (where factor = 'co2e_kg_per_litre_essence') as co2e_kg_per_litre_essence,
        max(value) filter (where factor = 'co2e_kg_per_kwh_electricity')
            as co2e_kg_per_kwh_electricity
    from energy_factors
),
vehicle as (
    -- what the vehicle of the survey burns in a year, before the carpooling share
    select
        s.parcours_id,
        s.wave,
        s.collected_on,
        s.main_mode,
        s.fuel,
        s.km_per_week,
        s.litres_per_100km,
        s.main_mode in ('voiture_thermique', 'voiture_electrique', 'deux_roues_motorise',
                        'covoiturage') as is_motorised,
        case when is_motorised and s.fuel in ('essence', 'gazole')
             then s.km_per_week * 52 * s.litres_per_100km / 100 else 0 end as vehicle_litres,
        case when is_motorised and s.fuel = 'electrique'
             then s.km_per_week * 52 else 0 end as vehicle_electric_km
    from surveys as s
),
shared as (
    select
        v.*,
        case when v.main_mode = 'covoiturage' then f.carpooling_share else 1 end as vehicle_share,
        case v.fuel when 'gazole' then f.kwh_per_litre_gazole
                    when 'essence' then f.kwh_per_litre_essence else 0 end as kwh_per_litre,
        case v.fuel when 'gazole' then f.co2e_kg_per_litre_gazole
                    when 'essence' then f.co2e_kg_per_litre_essence else 0 end as co2e_kg_per_litre,
        f.kwh_per_km_electric_car,
        f.co2e_kg_per_kwh_electricity
    from vehicle as v
    cross join factors as f
),
final as (
    select
        parcours_id,
        wave,
        collected_on,
        main_mode,
        fuel,
        km_per_week,
        litres_per_100km,
        vehicle_litres * vehicle_share as fuel_litres_per_year,
        vehicle_electric_km * kwh_per_km_electric_car * vehicle_share
            as electricity_kwh_per_year,
        vehicle_litres * kwh_per_litre * vehicle_share
            + vehicle_electric_km * kwh_per_km_electric_car * vehicle_share
            as energy_kwh_per_year,
        vehicle_litres * vehicle_share * co2e_kg_per_litre
            + vehicle_electric_km * kwh_per_km_electric_car * vehicle_share
              * co2e_kg_per_kwh_electricity as co2e_kg_per_year
    from shared
)
select * from final
