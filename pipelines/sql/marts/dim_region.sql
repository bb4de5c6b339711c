-- dim_region: one row per région of the reference.
select reg_code, reg_name, is_overseas, population from ref.regions order by reg_code
