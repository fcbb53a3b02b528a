#!/usr/bin/env bash
# Back up everything the site holds: the PostgreSQL database and the media files.
#
#   DATABASE_URL=postgres://cid@127.0.0.1:5432/cid MEDIA_ROOT=/srv/cid/media \
#       deploy/backup.sh /var/backups/cities-in-dialogue
#
# The destination folder is the argument, or BACKUP_DIR. DATABASE_URL and MEDIA_ROOT are the
# app's own variables (config/settings/base.py); MEDIA_ROOT defaults, as in the app, to media/
# beside manage.py. Each run writes one folder, DEST/cid-YYYYMMDDTHHMMSSZ/ (UTC), holding:
#
#   database.dump  pg_dump --format=custom: one consistent snapshot of the whole database,
#                  search index included (it is a table)
#   media.tar.gz   all of MEDIA_ROOT: original images, renditions, documents, story photos
#   MANIFEST       when, from where, with what, how much
#   SHA256SUMS     checksums of the three files above (`sha256sum --check SHA256SUMS`)
#
# The folder is written under a hidden name and renamed when complete, so a backup that failed
# half-way is never mistaken for one that did not. Then all but the newest BACKUP_KEEP (default
# 14; 0 keeps every one) cid-* folders in DEST are deleted. deploy/restore.sh restores one;
# docs/operations.md, "Backup and restore", says how to run both, and from a timer.
set -euo pipefail

fail() {
    echo "backup.sh: $*" >&2
    exit 1
}

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${1:-${BACKUP_DIR:-}}"
KEEP="${BACKUP_KEEP:-14}"
MEDIA="${MEDIA_ROOT:-$ROOT/media}"

[ -n "$DEST" ] || fail "where to? usage: deploy/backup.sh DEST_DIR (or set BACKUP_DIR)"
[[ "$KEEP" =~ ^[0-9]+$ ]] || fail "BACKUP_KEEP must be a number of backups, not '$KEEP'"

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    "") fail "DATABASE_URL is not set: give the database the app uses (postgres://...)" ;;
    sqlite:*) fail "DATABASE_URL is SQLite: stop the app and copy the database file and MEDIA_ROOT instead" ;;
    *) fail "DATABASE_URL must be a postgres:// or postgresql:// URL (what pg_dump understands)" ;;
esac
[ -d "$MEDIA" ] || fail "MEDIA_ROOT $MEDIA is not a folder: set MEDIA_ROOT as the app has it"
# shellcheck source=deploy/password_from_url.sh
. "$ROOT/deploy/password_from_url.sh"
command -v pg_dump >/dev/null || fail "pg_dump not found: install postgresql-client (same major version as the server or newer)"

# The backup holds personal data (commenters' emails): readable by this user only.
umask 077
mkdir -p "$DEST"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="cid-$stamp"
work="$DEST/.$name.partial"
[ ! -e "$DEST/$name" ] || fail "$DEST/$name exists already (two backups in one second?)"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

# Database first, then media: a file uploaded meanwhile is only an extra file in the archive,
# whereas the other order could leave the dump pointing at a file the archive lacks.
echo "backup.sh: dumping the database"
pg_dump --dbname="$DATABASE_URL" --format=custom --file="$work/database.dump"

echo "backup.sh: archiving $MEDIA"
# tar exits 1 when a file changed while it was read (an upload in progress): the archive is
# still whole, so that is a warning; 2 and above are errors.
tar_status=0
tar --create --gzip --file="$work/media.tar.gz" --directory="$MEDIA" . || tar_status=$?
[ "$tar_status" -le 1 ] || fail "tar failed (exit $tar_status) archiving $MEDIA"
[ "$tar_status" -eq 0 ] || echo "backup.sh: warning: some media changed while being archived" >&2

database_name="$(pg_restore --list "$work/database.dump" | sed -n 's/^;[[:space:]]*dbname: //p')"
commit="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
{
    echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(hostname)"
    echo "database: $database_name"
    echo "pg_dump: $(pg_dump --version)"
    echo "media_root: $MEDIA"
    echo "media_files: $(find "$MEDIA" -type f | wc -l)"
    echo "code_commit: $commit"
} >"$work/MANIFEST"
(cd "$work" && sha256sum database.dump media.tar.gz MANIFEST >SHA256SUMS)

mv "$work" "$DEST/$name"
trap - EXIT
echo "backup.sh: wrote $DEST/$name"
du -h "$DEST/$name"/*

# Retention: names sort by time, so the oldest come first.
if [ "$KEEP" -gt 0 ]; then
    shopt -s nullglob
    export LC_ALL=C
    backups=("$DEST"/cid-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z)
    excess=$((${#backups[@]} - KEEP))
    for ((i = 0; i < excess; i++)); do
        echo "backup.sh: deleting old backup ${backups[i]}"
        rm -rf "${backups[i]}"
    done
fi
