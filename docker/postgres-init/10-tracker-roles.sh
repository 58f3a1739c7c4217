#!/bin/sh
# Run by the postgres image once, when its volume is first initialised (/docker-entrypoint-initdb.d).
# Two roles, neither a superuser: tracker_owner owns the database and its schema (the app runs migrations as it,
# MIGRATION_DATABASE_URL); tracker_app is what the app connects as (DATABASE_URL). After each migration run the
# owner grants tracker_app read/write on the catalogue and INSERT-only on history (src/database/app-role.ts), so
# the app cannot UPDATE, DELETE or TRUNCATE history, nor disable the triggers that guard it.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$TRACKER_OWNER_PASSWORD" -v app_password="$TRACKER_APP_PASSWORD" <<'SQL'
CREATE ROLE tracker_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE tracker_app LOGIN PASSWORD :'app_password';
ALTER DATABASE :"DBNAME" OWNER TO tracker_owner;
ALTER SCHEMA public OWNER TO tracker_owner;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO tracker_app;
SQL
