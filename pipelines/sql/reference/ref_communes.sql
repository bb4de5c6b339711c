-- ref_communes: one row per commune (geography of 1 January 2022) → its zone d'emploi 2020.
select com_code as commune_code, ze2020 as ze_code
from read_csv($path, header = true, auto_detect = false,
              columns = {'com_code': 'VARCHAR', 'ze2020': 'VARCHAR'})
