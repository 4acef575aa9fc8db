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
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=stroma-ci;Database=postgres"
