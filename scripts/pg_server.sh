#!/bin/sh
# pg_server.sh - a throwaway PostgreSQL server for tests and benchmarks.
#
#   scripts/pg_server.sh start DIR    initdb in DIR (first time), start on a free
#                                     random port on 127.0.0.1, create database
#                                     minzheng, print its URL on stdout:
#                                     postgres://postgres@127.0.0.1:PORT/minzheng
#   scripts/pg_server.sh stop DIR     stop it (fast shutdown); no error if not running
#   scripts/pg_server.sh restart DIR  stop, then start again on the same port
#   scripts/pg_server.sh url DIR      print the URL of a started server
#
# Starting a DIR that already holds a cluster reuses it and its port, so a
# test can stop and start the server under a running client. The server
# trusts local connections: it listens on 127.0.0.1 and a socket in DIR only.
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user and DIR is chowned to it.
# Environment: PGBIN (default: the newest /usr/lib/postgresql/*/bin);
# MZ_PG_FSYNC=off for scratch runs where OS-crash durability does not matter
# (benchmarks keep the default, fsync on).
# Callers stop the server in a trap, e.g. in scripts/test.sh:
#   url=$(scripts/pg_server.sh start "$d") && trap 'scripts/pg_server.sh stop "$d"' EXIT
set -eu

die() { echo "pg_server.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: pg_server.sh start|stop|restart|url DIR"
cmd=$1
dir=$2

if [ -z "${PGBIN:-}" ]; then
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "${PGBIN:-}/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql-15, or set PGBIN)"

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

running() {
	[ -f "$dir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

# Something already listening there? (bash-free: ask the kernel's table.)
port_busy() {
	if command -v ss >/dev/null 2>&1; then
		ss -Htln "sport = :$1" 2>/dev/null | grep -q .
	else
		grep -qi ":$(printf '%04X' "$1") " /proc/net/tcp /proc/net/tcp6 2>/dev/null
	fi
}

random_port() {
	# 20000-59999: above the usual services, below the ephemeral range.
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000 ))
}

url() {
	echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/minzheng"
}

start_on() { # PORT
	as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
		-o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=${MZ_PG_FSYNC:-on}" \
		start >/dev/null
}

start() {
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$dir"
		as_pg test -w "$dir" || die "user postgres cannot write $dir (check the parent directories' permissions)"
	fi
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		# --no-sync: a throwaway cluster need not survive an OS crash during initdb.
		as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync \
			--locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
			die "initdb failed, see $dir/initdb.log"
	fi
	if running; then
		url
		return
	fi
	if [ -f "$dir/port" ]; then
		# A restart keeps the port, so clients reconnect to the same URL.
		start_on "$(cat "$dir/port")" || die "cannot start on port $(cat "$dir/port"), see $dir/log"
	else
		ok=
		for _ in 1 2 3 4 5 6 7 8; do
			port=$(random_port)
			port_busy "$port" && continue
			if start_on "$port"; then
				ok=1
				echo "$port" >"$dir/port"
				break
			fi
		done
		[ -n "$ok" ] || die "cannot start postgresql on a free port, see $dir/log"
	fi
	if ! as_pg "$PGBIN/psql" -h "$dir" -p "$(cat "$dir/port")" -U postgres -d postgres \
		-XAtqc "SELECT 1 FROM pg_database WHERE datname = 'minzheng'" | grep -q 1; then
		as_pg "$PGBIN/createdb" -h "$dir" -p "$(cat "$dir/port")" -U postgres minzheng ||
			die "createdb minzheng failed"
	fi
	url
}

stop() {
	[ -d "$dir/data" ] || return 0
	if running; then
		as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
	fi
}

case $cmd in
start) start ;;
stop) stop ;;
restart) stop; start >/dev/null; url ;;
url) [ -f "$dir/port" ] || die "no server in $dir"; url ;;
*) die "unknown command '$cmd' (start, stop, restart, url)" ;;
esac
