-- Professionals trained per year: participants of the training sessions (French dialect file).
select right(session_date, 4)::integer as year, sum(participants::integer) as trained
from read_csv($trainings, all_varchar = true, delim = ';', encoding = 'latin-1')
group by 1
order by 1
