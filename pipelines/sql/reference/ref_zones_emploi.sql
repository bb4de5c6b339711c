-- ref_zones_emploi: one row per zone d'emploi 2020 (287 metropolitan + 19 DROM).
select ze2020 as ze_code, libze2020 as ze_name, zone = 'drom' as is_overseas,
       string_split(reg_codes, '|') as reg_codes, string_split(dep_codes, '|') as dep_codes,
       population_municipale::bigint as population
from read_csv($path, header = true, auto_detect = false,
              columns = {'ze2020': 'VARCHAR', 'libze2020': 'VARCHAR',
                         'libze2020_insee_2022': 'VARCHAR', 'zone': 'VARCHAR',
                         'reg_codes': 'VARCHAR', 'dep_codes': 'VARCHAR',
                         'nb_com_2022': 'VARCHAR', 'population_municipale': 'VARCHAR'})
