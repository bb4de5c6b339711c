-- Rules of barometer.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date.
with raw as (select rowid as _row, * from work.raw_barometer)
select _row, 'edition' as column_name, 'required' as rule, edition as value
from raw where edition is null
union all
select _row, 'edition', 'invalid_integer', edition from raw
where edition is not null and parse_int(edition) is null
union all
select _row, 'edition', 'out_of_range', edition from raw
where parse_int(edition) not between 2000 and year($delivery_date)
union all
select _row, 'geo_level', 'required', geo_level from raw where geo_level is null
union all
select _row, 'geo_level', 'unknown_code', geo_level from raw
where geo_level not in ('france', 'region', 'type_territoire')
union all
select _row, 'geo_code', 'required', geo_code from raw where geo_code is null
union all
select _row, 'geo_code', 'unknown_territory', geo_code from raw
where (geo_level = 'france' and geo_code <> 'FR')
   or (geo_level = 'region' and geo_code not in (select reg_code from ref.regions))
   or (geo_level = 'type_territoire' and geo_code not in
       ('urbain_dense', 'urbain_intermediaire', 'periurbain', 'rural'))
union all
select _row, 'indicator', 'required', indicator from raw where indicator is null
union all
select _row, 'indicator', 'unknown_code', indicator from raw
where indicator not in ('precarite_mobilite', 'sans_vehicule', 'sans_permis',
                        'renoncement_emploi', 'dependance_voiture', 'budget_carburant_eleve')
union all
select _row, 'value', 'required', value from raw where value is null
union all
select _row, 'value', 'invalid_decimal', value from raw
where value is not null and parse_decimal(value, $style) is null
union all
select _row, 'value', 'out_of_range', value from raw
where parse_decimal(value, $style) not between 0 and 1
union all
select _row, 'n_respondents', 'required', n_respondents from raw where n_respondents is null
union all
select _row, 'n_respondents', 'invalid_integer', n_respondents from raw
where n_respondents is not null and parse_int(n_respondents) is null
union all
select _row, 'n_respondents', 'out_of_range', n_respondents from raw
where parse_int(n_respondents) <= 0
union all
select _row, 'ci_low', 'invalid_decimal', ci_low from raw
where ci_low is not null and parse_decimal(ci_low, $style) is null
union all
select _row, 'ci_low', 'out_of_range', ci_low from raw
where parse_decimal(ci_low, $style) > parse_decimal(value, $style)
union all
select _row, 'ci_high', 'invalid_decimal', ci_high from raw
where ci_high is not null and parse_decimal(ci_high, $style) is null
union all
select _row, 'ci_high', 'out_of_range', ci_high from raw
where parse_decimal(ci_high, $style) < parse_decimal(value, $style)
