-- setting_put_new: an app setting, unless one is already there (several workers start at once).
insert into app_settings (name, value) values (:name, :value) on conflict (name) do nothing
