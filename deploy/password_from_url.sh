# Sourced by backup.sh and restore.sh, after DATABASE_URL is checked: its password, if it has
# one, is moved into PGPASSWORD, where libpq reads it, and DATABASE_URL keeps the rest. The
# PostgreSQL tools are then given a URL with no password on their command lines, which every
# user of the machine can read (ps); a process's environment, only its owner and root.
# Percent-encoded characters in the password (%40 for @) are decoded, as libpq would.
if [[ "$DATABASE_URL" =~ ^(postgres(ql)?://[^:@/]*):([^@/]*)@(.*)$ ]]; then
    PGPASSWORD="$(printf '%b' "${BASH_REMATCH[3]//%/\\x}")"
    export PGPASSWORD
    DATABASE_URL="${BASH_REMATCH[1]}@${BASH_REMATCH[4]}"
fi
