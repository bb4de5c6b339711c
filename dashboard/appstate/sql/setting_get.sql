-- setting_get: one of the app's own settings.
select value from app_settings where name = :name
