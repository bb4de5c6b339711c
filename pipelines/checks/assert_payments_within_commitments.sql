-- severity: warn
-- Programmes paid more than committed, or committed more than their budget.
select programme_id, budget_eur, committed_eur, paid_eur
from marts.programme_funding
where paid_eur > committed_eur + 0.005 or committed_eur > budget_eur + 0.005
