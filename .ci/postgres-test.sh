#!/usr/bin/env bash
# The whole test suite on a real PostgreSQL server: a throwaway cluster on 127.0.0.1 at a free
# port under a temp dir, stopped and removed however the run ends. Each test gets its own
# database (tests/conftest.py, database_url). Arguments are passed to pytest.
#
#   make test-postgres                      # or: BIN=.venv/bin bash .ci/postgres-test.sh -k storage
#   bash .ci/postgres-test.sh --run CMD...  # any command, with TIREK_TEST_DATABASE_URL set
#
# Needs PostgreSQL's server binaries (Debian: apt-get install postgresql); as root they are
# installed when missing, and the server runs as the `postgres` user (initdb refuses root).
# TIREK_PG_SERVER_LOG=path keeps a copy of the server's log.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BIN:-.venv/bin}"
PYTHON="$BIN/python"
ROLE=tirek

log() { printf 'postgres-test: %s\n' "$*" >&2; }

find_pg_bin() {
    local dir
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
        return
    fi
    dir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
    [ -x "$dir/initdb" ] && echo "$dir"
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        log "initdb not found: installing the Debian package postgresql"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
        PG_BIN=$(find_pg_bin || true)
    fi
    if [ -z "$PG_BIN" ]; then
        log "PostgreSQL server binaries (initdb, pg_ctl) not found."
        log "Install them first, e.g. on Debian/Ubuntu: sudo apt-get install postgresql"
        exit 1
    fi
fi

# initdb and postgres refuse to run as root: as root, the cluster belongs to `postgres`.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        log "running as root, but there is no 'postgres' user to own the cluster"
        exit 1
    fi
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tirek-pg.XXXXXX")
STARTED=0
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$STARTED" -eq 1 ]; then
        as_owner "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 \
            || log "could not stop the cluster in $WORK"
    fi
    if [ -n "${TIREK_PG_SERVER_LOG:-}" ] && [ -f "$WORK/server.log" ]; then
        cp "$WORK/server.log" "$TIREK_PG_SERVER_LOG" || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$WORK"
fi
chmod 700 "$WORK"

PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
as_owner sh -c "umask 077 && printf '%s\n' '$PASSWORD' > '$WORK/pwfile'"

log "initdb in $WORK ($("$PG_BIN/postgres" --version))"
if ! as_owner "$PG_BIN/initdb" -D "$WORK/data" -U "$ROLE" --pwfile="$WORK/pwfile" -A scram-sha-256 \
        -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1; then
    cat "$WORK/initdb.log" >&2
    exit 1
fi

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A free port can be taken between the check and the start: try a few.
for attempt in 1 2 3; do
    PORT=$(free_port)
    # Durability is of no use to a throwaway cluster: fsync off makes CREATE/DROP DATABASE cheap.
    if as_owner "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
        STARTED=1
        break
    fi
    log "start on port $PORT failed (attempt $attempt):"
    tail -n 20 "$WORK/server.log" >&2 || true
done
if [ "$STARTED" -ne 1 ]; then
    log "could not start PostgreSQL"
    exit 1
fi
log "PostgreSQL on 127.0.0.1:$PORT"

export TIREK_TEST_DATABASE_URL="postgresql+asyncpg://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
if [ "${1:-}" = "--run" ]; then  # another command on the same server, e.g. a benchmark
    shift
    "$@"
else
    "$PYTHON" -m pytest "$@"
fi
