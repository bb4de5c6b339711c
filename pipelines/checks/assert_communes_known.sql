-- severity: warn
-- Sites whose commune is well formed but absent from the reference (a commune created after its
-- vintage): kept and placed in "zone inconnue" (LANDING.md); update warehouse/reference.
select site_id, commune_code from marts.dim_site where not is_commune_known
