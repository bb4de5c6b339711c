-- Parsing helpers shared by staging and validation. `style` is the file's dialect:
-- 'canonical' (ISO dates, '.' decimals, true/false/1/0) or 'fr' (DD/MM/YYYY, ',' decimals, oui/non).
-- Each returns NULL when the text does not follow the dialect; validation reports those values.

create or replace macro parse_date(v, style) as
    case
        when style = 'fr' and regexp_full_match(v, '\d{2}/\d{2}/\d{4}')
            then try_strptime(v, '%d/%m/%Y')::date
        when style <> 'fr' and regexp_full_match(v, '\d{4}-\d{2}-\d{2}')
            then try_strptime(v, '%Y-%m-%d')::date
    end;

create or replace macro parse_decimal(v, style) as
    case
        when style = 'fr' and regexp_full_match(v, '-?\d+(,\d+)?')
            then replace(v, ',', '.')::double
        when style <> 'fr' and regexp_full_match(v, '-?\d+(\.\d+)?')
            then v::double
    end;

create or replace macro parse_int(v) as
    case when regexp_full_match(v, '-?\d{1,18}') then v::bigint end;

create or replace macro parse_bool(v, style) as
    case
        when style = 'fr' and lower(v) = 'oui' then true
        when style = 'fr' and lower(v) = 'non' then false
        when style <> 'fr' and lower(v) in ('true', '1') then true
        when style <> 'fr' and lower(v) in ('false', '0') then false
    end;

-- The one allowed repair (LANDING.md): a commune code that lost its leading zero.
create or replace macro is_repairable_commune(v) as regexp_full_match(v, '\d{4}');

create or replace macro repair_commune(v) as
    case when is_repairable_commune(v) then '0' || v else v end;

-- Well formed: 5 characters starting with a known département (01–95 without 20, 2A, 2B, 971–976).
create or replace macro is_wellformed_commune(v) as
    regexp_full_match(v, '(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5])\d{3}|97[1-6]\d{2}');

-- Paris, Lyon and Marseille arrondissements are valid INSEE codes; the zone table lists the city.
create or replace macro city_of_arrondissement(v) as
    case
        when v between '75101' and '75120' then '75056'
        when v between '69381' and '69389' then '69123'
        when v between '13201' and '13216' then '13055'
        else v
    end;
