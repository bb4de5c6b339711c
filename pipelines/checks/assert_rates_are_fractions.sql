-- severity: error
-- Rates are stored as fractions between 0 and 1.
select year, return_to_employment_rate, positive_exit_rate
from marts.kpi_by_year
where return_to_employment_rate not between 0 and 1
   or positive_exit_rate not between 0 and 1
   or return_to_employment_rate > positive_exit_rate
