-- overview_trained: professionals trained (sum of participants of the école de la mobilité's
-- sessions) per period 'current' / 'previous', in the view's région ($reg_code null: France).
with periods as (
    select 'current' as period, $start::date as first_day, $end::date as last_day
    union all
    select 'previous', $previous_start::date, $previous_end::date
),
sessions as (
    select * from marts.fct_training_session
    where $scope_all_programmes  -- the école's trainings are no programme's: not a funder's
      and ($reg_code::varchar is null or region_code = $reg_code)
),
final as (
    select p.period, coalesce(sum(s.participants), 0) as professionals_trained
    from periods as p
    left join sessions as s on s.session_date between p.first_day and p.last_day
    group by p.period
)
select * from final order by period
