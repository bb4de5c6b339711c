-- Share of energy-precarious parcours with a measured saving that save at least 30 % of their
-- t0 fuel energy (PRODUCT.md glossary), from the survey and parcours files. A saving is
-- measured when t0 and a later wave (t6, else t3) exist and the t0 energy is above zero.
with surveys as (
    select parcours_id, wave,
           case when fuel in ('essence', 'gazole')
                    then km_per_week::double * 52 * litres_per_100km::double / 100
                         * (case fuel when 'gazole' then 10.0 else 8.9 end)
                when fuel = 'electrique' then km_per_week::double * 52 * 0.17
                else 0 end
           * (case when main_mode = 'covoiturage' then 0.5 else 1 end) as kwh
    from read_csv($surveys, all_varchar = true)
),
waves as (
    select parcours_id,
           max(kwh) filter (where wave = 't0') as before,
           coalesce(max(kwh) filter (where wave = 't6'),
                    max(kwh) filter (where wave = 't3')) as after
    from surveys group by parcours_id
)
select count(*) as measured, avg((before - after >= 0.3 * before)::int) as share_saving_30
from waves
join read_csv($parcours, all_varchar = true) as p using (parcours_id)
where p.energy_precarious = 'true' and before > 0 and after is not null
