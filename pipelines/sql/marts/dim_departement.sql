-- dim_departement: one row per département of the reference.
select dep_code, dep_name, reg_code, is_overseas, population from ref.departements order by dep_code
