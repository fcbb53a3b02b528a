#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an empty database and media folder.
#
#   createdb --owner=cid cid_restored     # a new, empty database
#   DATABASE_URL=postgres://cid@127.0.0.1:5432/cid_restored MEDIA_ROOT=/srv/cid/media \
#       deploy/restore.sh /var/backups/cities-in-dialogue/cid-20250101T020000Z
#
# DATABASE_URL and MEDIA_ROOT (default: media/ beside manage.py, as in the app) name where to
# restore to. Before anything is changed it checks that the backup is whole (its SHA256SUMS),
# that the database exists and holds no table, and that MEDIA_ROOT is empty or missing.
# --force restores over a database and a media folder that are not empty: pg_restore --clean
# drops and recreates what the dump holds (other tables are left alone), and the archive is
# unpacked over the folder (other files are left alone).
#
# The database is restored in one transaction (--single-transaction): it either all goes in or
# nothing does. Objects are owned by the user of DATABASE_URL (--no-owner, --no-acl), so the
# backup can go into another server whose roles differ. Then run `manage.py migrate`: it
# should find nothing to apply. docs/operations.md, "Backup and restore", says more.
set -euo pipefail

fail() {
    echo "restore.sh: $*" >&2
    exit 1
}

usage="usage: deploy/restore.sh [--force] BACKUP_DIR"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FORCE=no
BACKUP=""
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=yes ;;
        -h | --help) echo "$usage" && exit 0 ;;
        -*) fail "unknown option $arg; $usage" ;;
        *) [ -z "$BACKUP" ] || fail "one backup at a time; $usage"
           BACKUP="$arg" ;;
    esac
done
[ -n "$BACKUP" ] || fail "which backup? $usage"
MEDIA="${MEDIA_ROOT:-$ROOT/media}"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    "") fail "DATABASE_URL is not set: give the (empty) database to restore into (postgres://...)" ;;
    sqlite:*) fail "DATABASE_URL is SQLite: these backups are of PostgreSQL; for SQLite, copy the file back" ;;
    *) fail "DATABASE_URL must be a postgres:// or postgresql:// URL (what pg_restore understands)" ;;
esac
# shellcheck source=deploy/password_from_url.sh
. "$ROOT/deploy/password_from_url.sh"
command -v pg_restore >/dev/null || fail "pg_restore not found: install postgresql-client"
command -v psql >/dev/null || fail "psql not found: install postgresql-client"

# The backup: all its files there, and each as it was written.
[ -d "$BACKUP" ] || fail "$BACKUP is not a folder"
for file in database.dump media.tar.gz MANIFEST SHA256SUMS; do
    [ -f "$BACKUP/$file" ] || fail "$BACKUP/$file is missing: not a whole backup"
done
(cd "$BACKUP" && sha256sum --check --quiet --strict SHA256SUMS) ||
    fail "$BACKUP does not match its SHA256SUMS: damaged, restore another one"

# The targets: empty, unless --force.
tables="$(psql --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command="
    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg_toast%'")" ||
    fail "cannot connect to DATABASE_URL; create the database first (createdb --owner=USER NAME)"
if [ "$tables" -gt 0 ] && [ "$FORCE" = no ]; then
    fail "the database is not empty ($tables tables): restore into a new one, or add --force to replace what the backup holds"
fi
if [ -d "$MEDIA" ] && [ -n "$(ls -A "$MEDIA")" ] && [ "$FORCE" = no ]; then
    fail "MEDIA_ROOT $MEDIA is not empty: restore into an empty folder, or add --force to unpack over it"
fi

echo "restore.sh: restoring the database from $BACKUP/database.dump"
pg_restore --dbname="$DATABASE_URL" --no-owner --no-acl --clean --if-exists \
    --single-transaction --exit-on-error "$BACKUP/database.dump"

echo "restore.sh: unpacking the media into $MEDIA"
mkdir -p "$MEDIA"
tar --extract --gzip --file="$BACKUP/media.tar.gz" --directory="$MEDIA"

echo "restore.sh: restored $(sed -n 's/^created: //p' "$BACKUP/MANIFEST") backup of $(sed -n 's/^database: //p' "$BACKUP/MANIFEST")"
echo "restore.sh: next, with the app's settings: manage.py migrate (should apply nothing), then start the app"
