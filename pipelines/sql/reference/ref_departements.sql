-- ref_departements: one row per département (96 metropolitan + 5 DROM), INSEE COG 2026.
select dep_code, dep_nom as dep_name, reg_code, zone = 'drom' as is_overseas,
       population_municipale::bigint as population
from read_csv($path, header = true, auto_detect = false,
              columns = {'dep_code': 'VARCHAR', 'dep_nom': 'VARCHAR', 'reg_code': 'VARCHAR',
                         'reg_nom': 'VARCHAR', 'zone': 'VARCHAR', 'chef_lieu_code': 'VARCHAR',
                         'population_municipale': 'VARCHAR'})
