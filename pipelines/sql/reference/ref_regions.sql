-- ref_regions: one row per région (13 metropolitan + 5 DROM), INSEE COG 2026.
select reg_code, reg_nom as reg_name, zone = 'drom' as is_overseas,
       population_municipale::bigint as population
from read_csv($path, header = true, auto_detect = false,
              columns = {'reg_code': 'VARCHAR', 'reg_nom': 'VARCHAR', 'zone': 'VARCHAR',
                         'chef_lieu_code': 'VARCHAR', 'nb_departements': 'VARCHAR',
                         'population_municipale': 'VARCHAR'})
