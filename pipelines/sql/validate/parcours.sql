-- Rules of parcours.csv (LANDING.md). One row per broken rule: (_row, column_name, rule, value).
-- Parameters: $style, $delivery_date. Parent: staging.stg_sites (already validated).
with raw as (select rowid as _row, * from work.raw_parcours)
select _row, 'parcours_id' as column_name, 'required' as rule, parcours_id as value
from raw where parcours_id is null
union all
select _row, 'beneficiary_id', 'required', beneficiary_id from raw where beneficiary_id is null
union all
-- a pseudonym that is too short or looks like an e-mail, a phone number, a NIR or a name is
-- quarantined with its value masked: the quarantine must not spread personal data further
select _row, 'beneficiary_id', 'pseudonym_too_short',
       '<masqué : ' || length(beneficiary_id) || ' caractères>'
from raw where length(beneficiary_id) < 16
union all
select _row, 'beneficiary_id', 'not_pseudonymous',
       '<masqué : ' || length(beneficiary_id) || ' caractères>'
from raw
where length(beneficiary_id) >= 16 and (
    regexp_full_match(beneficiary_id, '[^@\s]+@[^@\s]+\.[^@\s]+')
    or regexp_full_match(regexp_replace(beneficiary_id, '[\s.\-]', '', 'g'), '(\+33|0)[1-9]\d{8}')
    or regexp_full_match(regexp_replace(beneficiary_id, '\s', '', 'g'), '[12]\d{12}(\d{2})?')
    or regexp_full_match(beneficiary_id, '[[:alpha:]''\-]+( [[:alpha:]''\-]+)+')
)
union all
select _row, 'site_id', 'required', site_id from raw where site_id is null
union all
select _row, 'site_id', 'foreign_key', site_id from raw
where site_id is not null and site_id not in (select site_id from staging.stg_sites)
union all
select _row, 'prescriber_type', 'required', prescriber_type from raw where prescriber_type is null
union all
select _row, 'prescriber_type', 'unknown_code', prescriber_type from raw
where prescriber_type not in ('france_travail', 'mission_locale', 'plie', 'departement',
                              'cap_emploi', 'siae', 'employeur', 'autre', 'sans_prescripteur')
union all
select _row, 'referred_on', 'required', referred_on from raw
where referred_on is null and prescriber_type is distinct from 'sans_prescripteur'
union all
select _row, 'referred_on', 'invalid_date', referred_on from raw
where referred_on is not null and parse_date(referred_on, $style) is null
union all
select _row, 'referred_on', 'date_order', referred_on from raw
where parse_date(referred_on, $style) > parse_date(started_on, $style)
union all
select _row, 'started_on', 'required', started_on from raw where started_on is null
union all
select _row, 'started_on', 'invalid_date', started_on from raw
where started_on is not null and parse_date(started_on, $style) is null
union all
select _row, 'started_on', 'future_date', started_on from raw
where parse_date(started_on, $style) > $delivery_date
union all
select _row, 'ended_on', 'invalid_date', ended_on from raw
where ended_on is not null and parse_date(ended_on, $style) is null
union all
select _row, 'ended_on', 'date_order', ended_on from raw
where parse_date(ended_on, $style) < parse_date(started_on, $style)
union all
select _row, 'sex', 'required', sex from raw where sex is null
union all
select _row, 'sex', 'unknown_code', sex from raw where sex not in ('F', 'M', 'X')
union all
select _row, 'birth_year', 'required', birth_year from raw where birth_year is null
union all
select _row, 'birth_year', 'invalid_integer', birth_year from raw
where birth_year is not null and parse_int(birth_year) is null
union all
select _row, 'birth_year', 'out_of_range', birth_year from raw
where parse_int(birth_year) not between 1900 and year($delivery_date) - 14
union all
select _row, 'residence_commune_code', 'required', residence_commune_code from raw
where residence_commune_code is null
union all
select _row, 'residence_commune_code', 'invalid_commune_code', residence_commune_code from raw
where not is_wellformed_commune(repair_commune(residence_commune_code))
union all
select _row, 'is_qpv', 'required', is_qpv from raw where is_qpv is null
union all
select _row, 'is_qpv', 'invalid_boolean', is_qpv from raw
where is_qpv is not null and parse_bool(is_qpv, $style) is null
union all
select _row, 'entry_status', 'required', entry_status from raw where entry_status is null
union all
select _row, 'entry_status', 'unknown_code', entry_status from raw
where entry_status not in ('demandeur_emploi_moins_1an', 'demandeur_emploi_longue_duree',
                           'inactif', 'emploi_precaire', 'emploi', 'formation', 'retraite')
union all
select _row, 'minimum_social', 'required', minimum_social from raw where minimum_social is null
union all
select _row, 'minimum_social', 'unknown_code', minimum_social from raw
where minimum_social not in ('rsa', 'ass', 'aah', 'aucun')
union all
select _row, 'energy_precarious', 'required', energy_precarious from raw
where energy_precarious is null
union all
select _row, 'energy_precarious', 'invalid_boolean', energy_precarious from raw
where energy_precarious is not null and parse_bool(energy_precarious, $style) is null
union all
select _row, 'exit_outcome', 'unknown_code', exit_outcome from raw
where exit_outcome not in ('emploi_durable', 'emploi_transition', 'formation',
                           'solution_mobilite_sans_emploi', 'abandon',
                           'demenagement_reorientation')
union all
-- exit_outcome is null if and only if ended_on is null
select _row, 'exit_outcome', 'null_mismatch', exit_outcome from raw
where (exit_outcome is null) <> (ended_on is null)
union all
select _row, 'outcome_6m', 'unknown_code', outcome_6m from raw
where outcome_6m not in ('emploi', 'formation', 'sans_emploi', 'non_joint')
union all
-- null while not yet due: due 6 months after the end of the parcours
select _row, 'outcome_6m', 'outcome_not_due', outcome_6m from raw
where outcome_6m is not null
  and (ended_on is null or parse_date(ended_on, $style) + interval 6 month > $delivery_date)
