-- ref_energy_factors: one row per energy or emission factor of the energy KPIs (versioned),
-- PRODUCT.md glossary; the factor names are the ones int_energy_per_survey reads.
select factor, value::double as value, unit, version, source
from read_csv($path, header = true, auto_detect = false,
              columns = {'factor': 'VARCHAR', 'value': 'VARCHAR', 'unit': 'VARCHAR',
                         'version': 'VARCHAR', 'source': 'VARCHAR'})
