#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages when missing, starts a cluster on loopback and prints the connection string the
# storage tests use (STROMA_TEST_POSTGRES). Idempotent; used by .ci/run and by developers who want the PostgreSQL suite.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q -h 127.0.0.1 -p $port"; then break; fi
  sleep 1
done
su postgres -c "psql -q -h 127.0.0.1 -p $port -c \"ALTER USER postgres PASSWORD 'stroma-ci'\"" >/dev/null 2>&1 \
  || su postgres -c "psql -q -p $port -c \"ALTER USER postgres PASSWORD 'stroma-ci'\"" >/dev/null
# The deployment's two roles (README: PostgreSQL roles): the schema owner runs migrations; Stroma connects as the application
# role, which may insert into the audit trail but not change or remove it. The storage tests create each database owned by
# stroma_owner, migrate it as that role and run as stroma_app.
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stroma_owner') THEN CREATE ROLE stroma_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stroma_app') THEN CREATE ROLE stroma_app LOGIN; END IF;
END $$;
ALTER ROLE stroma_owner PASSWORD 'stroma-owner-ci' NOSUPERUSER NOCREATEROLE;
ALTER ROLE stroma_app PASSWORD 'stroma-app-ci' NOSUPERUSER NOCREATEDB NOCREATEROLE;
SQL
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=stroma-ci;Database=postgres"
