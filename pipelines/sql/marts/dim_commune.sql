-- dim_commune: one row per commune of the reference → zone d'emploi, département, région.
select commune_code, ze_code, dep_code, reg_code from intermediate.int_communes order by commune_code
