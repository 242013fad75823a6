#!/usr/bin/env bash
# HTTP: wrk against `GET /api/v1/claims/{id}` as a logged-in claims officer (random ids among
# all claims, so not one cached row) on a database of MEMBERS members and CLAIMS claims,
# beside bench/bare_server (a Poco HTTPServer set up exactly like web/PortalServer.cpp that
# answers a constant claim-sized JSON body) driven by the same wrk script in the same run.
# Prints requests/s, p50/p90/p99, the ratio to the bare server, the portal's peak RSS, the
# cores the server, wrk and the rest of the machine used, and the time one extra client waited
# (connection CONNECTIONS + 1), against the goal (issue #7 item 9): >= 50 % of the bare server's
# rps, p99 <= 20 ms at 64 connections, RSS <= 200 MB.
#
# usage: bench/http_bench.sh BINARY_DIR            (e.g. build/release)
# env:   MEMBERS=1000000 CLAIMS=100000 CONNECTIONS=64 THREADS=2 DURATION=10s WARMUP=3s
#        TIMEOUT=30s (wrk's own default, 2 s, would drop slower answers from the latencies)
#        ROUNDS=5 (portal then bare, repeated; medians when > 1: on a shared VM whose speed
#                  drifts for minutes, one round says little)
#        PROFILE=1 (afterwards, one portal run under `perf record -g` and one under
#                   `strace -c -f -w`: on-CPU symbols and where the threads' wall time goes;
#                   PERF_DATA=FILE keeps the perf data for `perf report -i FILE`)
#        SERVER_LOG=FILE keeps the portal's output
# The database is built once per size and kept in build/bench-data/; each run serves a fresh
# copy of it (the views write audit records).
set -euo pipefail

bin=$(cd "${1:?usage: bench/http_bench.sh BINARY_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
huzhu=$bin/app/huzhu
bare=$bin/bench/bare_server
members=${MEMBERS:-1000000}
claims=${CLAIMS:-100000}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
rounds=${ROUNDS:-5}
timeout=${TIMEOUT:-30s}
for f in "$huzhu" "$bare"; do
  [ -x "$f" ] || { echo "missing $f: build the huzhu and bare_server targets first" >&2; exit 1; }
done
if [ "$claims" -lt 8 ] || [ "$members" -lt 16 ]; then
  echo "need CLAIMS >= 8 and MEMBERS >= 16" >&2; exit 1
fi

# wrk (Debian package), installed the way scripts/lib/deps.sh installs packages: only if missing.
if ! dpkg-query -W -f='${Status}' wrk 2>/dev/null | grep -q "install ok installed"; then
  echo "installing: wrk"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends wrk
fi

# ---------------------------------------------------------------------------------------------
# The database, cached by size (and by the demo year: the demo plan covers the current year).
# Bump `layout` when the way it is generated changes, or when a schema migration rewrites the
# tables a view reads: the server migrates the copy it serves, and a migration that rewrote
# every claim would leave them in the WAL for the measured rounds (2: schema migration 9).
layout=2
cache=$root/build/bench-data
mkdir -p "$cache"
cached=$cache/claims-m${members}-c${claims}-y$(date +%Y)-v${layout}.db

cols() {  # db table excluded...: the table's columns but the excluded ones, comma-separated
  local db=$1 table=$2; shift 2
  local not="'id'"
  for c in "$@"; do not="$not, '$c'"; done
  sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table') WHERE name NOT IN ($not)"
}

build_database() {
  local db=$1 start end
  rm -rf "$db" "$db"-wal "$db"-shm "$db".key "$db".documents
  start=$(date +%s.%N)
  # Members: the demo generator (valid resident IDs, encrypted PII, blind indexes, enrolments),
  # with the demo accounts and its 7 workflow-made claims (submitted, approved, rejected, ...).
  "$huzhu" init --db "$db" --demo --members "$members" > /dev/null
  end=$(date +%s.%N)
  printf 'database: huzhu init --demo --members %d: %.1f s\n' "$members" "$(echo "$end - $start" | bc)"
  # Claims: real rows copied with SQL from the demo's approved and submitted claims (their quote
  # JSON, events, lines and payout) onto distinct members spread over the roster: every third
  # approved, the rest submitted. They bypass the workflow, so they have no claim.filed audit
  # records; the views the benchmark makes are audited as usual.
  local approved submitted have c_cols e_cols l_cols
  approved=$(sqlite3 "$db" "SELECT min(id) FROM claims WHERE status = 'approved'")
  submitted=$(sqlite3 "$db" "SELECT min(id) FROM claims WHERE status = 'submitted'")
  have=$(sqlite3 "$db" "SELECT count(*) FROM claims")
  if [ -z "$approved" ] || [ -z "$submitted" ]; then
    echo "the demo data has no approved or submitted claim to copy" >&2; exit 1
  fi
  c_cols=$(cols "$db" claims member_id settlement_no invoice_no member_no member_name union_id)
  e_cols=$(cols "$db" claim_events claim_id)
  l_cols=$(cols "$db" claim_lines claim_id)
  local t_cols=${c_cols//, /, t.}
  sqlite3 -bail "$db" > /dev/null <<SQL
PRAGMA cache_size = -262144;
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE bench_new (k INTEGER PRIMARY KEY, template INTEGER NOT NULL);
WITH RECURSIVE ks(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM ks WHERE k < $claims - $have)
INSERT INTO bench_new SELECT k, CASE WHEN k % 3 = 0 THEN $approved ELSE $submitted END FROM ks;
INSERT INTO claims (member_id, settlement_no, invoice_no, $c_cols)
  SELECT 9 + (n.k * 7919) % ((SELECT max(id) FROM members) - 8),
         'BENCH-JS-' || n.k, 'BENCH-FP-' || n.k, t.$t_cols
  FROM bench_new n JOIN claims t ON t.id = n.template ORDER BY n.k;
CREATE TEMP TABLE bench_map AS
  SELECT c.id AS claim_id, n.template FROM claims c
  JOIN bench_new n ON c.settlement_no = 'BENCH-JS-' || n.k;
INSERT INTO claim_events (claim_id, $e_cols)
  SELECT m.claim_id, e.${e_cols//, /, e.} FROM bench_map m
  JOIN claim_events e ON e.claim_id = m.template ORDER BY m.claim_id, e.id;
INSERT INTO claim_lines (claim_id, $l_cols)
  SELECT m.claim_id, l.${l_cols//, /, l.} FROM bench_map m
  JOIN claim_lines l ON l.claim_id = m.template;
INSERT INTO payouts (claim_id, amount_fen, status, created_at)
  SELECT c.id, c.payout_fen, 'payable', c.created_at FROM bench_map m
  JOIN claims c ON c.id = m.claim_id WHERE c.status = 'approved' AND c.payout_fen > 0;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
  end=$(date +%s.%N)
  printf 'database: %s members, %s claims built in %.1f s (%d MB)\n' \
    "$(sqlite3 "$db" 'SELECT count(*) FROM members')" "$(sqlite3 "$db" 'SELECT count(*) FROM claims')" \
    "$(echo "$end - $start" | bc)" $(($(stat -c %s "$db") / 1048576))
  printf '%.1f s on %s\n' "$(echo "$end - $start" | bc)" "$(date -Is)" > "$db.built"
}

if [ ! -f "$cached.built" ]; then
  echo "building the benchmark database (once; cached in ${cached#"$root"/})"
  build_database "$cache/building.db"
  rm -f "$cache/building.db-wal" "$cache/building.db-shm"
  for suffix in "" .key .documents .built; do
    rm -rf "$cached$suffix"; mv "$cache/building.db$suffix" "$cached$suffix"
  done
else
  echo "database: cached ${cached#"$root"/} (built in $(cat "$cached.built"))"
fi

# A fresh copy to serve: the views append to the audit trail.
work=$(mktemp -d "$cache/run.XXXXXX")
db=$work/huzhu.db
huzhu_pid="" bare_pid=""
stop_server() {  # pid: SIGINT, then wait up to 30 s (SIGKILL after that)
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "pid $pid did not stop on SIGINT; killing" >&2; kill -KILL "$pid"; }
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_server "$huzhu_pid"
  stop_server "$bare_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$cached" "$db"
cp "$cached.key" "$db.key"
mkdir -p "$db.documents"
sync "$db"  # the copy's writeback (hundreds of MB) is not part of serving claims
max_id=$(sqlite3 "$db" "SELECT max(id) FROM claims")
count=$(sqlite3 "$db" "SELECT count(*) FROM claims")
[ "$max_id" = "$count" ] || { echo "claim ids are not 1..$count (max $max_id)" >&2; exit 1; }

start_server() {  # name log command...: starts it; sets started_pid, started_port (parsed
                  # from its "... serving on http://127.0.0.1:PORT/" line)
  local name=$1 log=$2; shift 2
  "$@" > "$log" 2>&1 &
  started_pid=$! started_port=""
  for _ in $(seq 300); do
    started_port=$(sed -n 's|.* serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$started_port" ] && return 0
    kill -0 "$started_pid" 2>/dev/null || { echo "$name did not start:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  kill -INT "$started_pid" 2>/dev/null || true
  echo "$name printed no port:" >&2; cat "$log" >&2; exit 1
}

start_server huzhu "${SERVER_LOG:-$work/huzhu.log}" "$huzhu" serve --db "$db" --port 0
huzhu_pid=$started_pid
portal=http://127.0.0.1:$started_port

# Log in as the claims officer; keep the session cookie.
login=$(curl -sS -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"demo-officer","password":"huzhu-demo"}' -w '\n%{http_code}' "$portal/api/v1/login")
[ "$(tail -n1 <<< "$login")" = 200 ] || { echo "login failed: $login" >&2; exit 1; }
token=$(awk '$6 == "huzhu_session" { print $7 }' "$work/cookies")
[ -n "$token" ] || { echo "no huzhu_session cookie after login" >&2; exit 1; }

# One approved bench claim as the portal serves it: checks the path and gives the bare body.
sample=$(sqlite3 "$db" "SELECT max(id) FROM claims WHERE status = 'approved'")
code=$(curl -sS -o "$work/claim.json" -w '%{http_code}' -b "huzhu_session=$token" "$portal/api/v1/claims/$sample")
[ "$code" = 200 ] || { echo "GET /api/v1/claims/$sample: $code $(cat "$work/claim.json")" >&2; exit 1; }
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "huzhu_session=$token" "$portal/api/v1/claims/1")
[ "$code" = 200 ] || { echo "GET /api/v1/claims/1: $code" >&2; exit 1; }
start_server bare_server "$work/bare.log" "$bare" --port 0 --body-file "$work/claim.json"
bare_pid=$started_pid
bare_url=http://127.0.0.1:$started_port
bytes=$(stat -c %s "$work/claim.json")

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # busy, all CPUs
settle() {  # pid: waits (at most 20 s) until the server has finished the requests still in
            # flight when wrk stopped, i.e. uses no CPU for 0.5 s, so runs do not overlap
  local pid=$1 last now
  last=$(cpu_ticks "$pid")
  for _ in $(seq 40); do
    sleep 0.5
    now=$(cpu_ticks "$pid")
    [ "$now" = "$last" ] && return 0
    last=$now
  done
}
audit_count() { sqlite3 "$db" "SELECT count(*) FROM audit_log"; }

# run LABEL URL PID DURATION (seconds, e.g. 20s): wrk with bench/claims.lua; halfway through,
# one more client (curl: connection number CONNECTIONS + 1) times one request: a starved
# connection shows there, not in wrk (TOOLCHAIN.md pitfall 3). Sets: requests seconds rps p50_ms
# p90_ms p99_ms max_ms non2xx errors probe_ms server_cores wrk_cores.
run() {
  local label=$1 url=$2 pid=$3 dur=$4 secs before after line
  secs=${dur%s}
  before=$(cpu_ticks "$pid")
  local machine_before machine_after
  machine_before=$(machine_ticks)
  ( sleep "$(echo "$secs / 2" | bc -l)"
    curl -sS -o /dev/null -w '%{time_total}' -b "huzhu_session=$token" "$url/api/v1/claims/$sample" \
      > "$work/probe" 2>&1 || echo fail > "$work/probe" ) &
  local probe=$!
  /usr/bin/time -f '%U %S' -o "$work/wrk.time" \
    wrk -t"$threads" -c"$connections" -d"$dur" --timeout "$timeout" --latency -s "$here/claims.lua" "$url" \
    -- "$max_id" "$token" > "$work/wrk.out"
  wait "$probe" || true
  after=$(cpu_ticks "$pid")
  machine_after=$(machine_ticks)
  settle "$pid"
  line=$(grep '^wrk-result ' "$work/wrk.out") || { cat "$work/wrk.out" >&2; exit 1; }
  read -r _ requests seconds rps p50_ms p90_ms p99_ms max_ms non2xx errors <<< "$line"
  server_cores=$(echo "scale=2; ($after - $before) / $(getconf CLK_TCK) / $seconds" | bc)
  wrk_cores=$(awk -v s="$seconds" '{ printf "%.2f", ($1 + $2) / s }' "$work/wrk.time")
  # Everything else on the machine (other engineers' compilers...), in cores.
  other_cores=$(echo "scale=2; ($machine_after - $machine_before) / $(getconf CLK_TCK) / $seconds - $server_cores - $wrk_cores" | bc)
  probe_ms=$(awk '{ if ($1 == "fail") print "fail"; else printf "%.1f", $1 * 1000 }' "$work/probe")
  if [ "$label" != warmup ]; then
    printf '%-7s %9.0f rps  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  %8d req' \
      "$label" "$rps" "$p50_ms" "$p90_ms" "$p99_ms" "$max_ms" "$requests"
    printf '\n        non-2xx %d  errors %d  extra-client probe %s ms  cores used: server %s, wrk %s, rest of machine %s (of %d)\n' \
      "$non2xx" "$errors" "$probe_ms" "$server_cores" "$wrk_cores" "$other_cores" "$(nproc)"
    if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then
      echo "  !! $label: $non2xx non-2xx responses, $errors socket errors or timeouts" >&2
    fi
  fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "portal $portal (pid $huzhu_pid), bare $bare_url (pid $bare_pid): body $bytes bytes (claim $sample)"
echo "wrk -t$threads -c$connections -d$duration --timeout $timeout --latency -s bench/claims.lua URL -- $max_id TOKEN"
echo "(GET /api/v1/claims/{random 1..$max_id} with the demo-officer session cookie; every view by"
echo " staff appends an audit record, queued and committed in groups by the huzhu-audit thread: part of the measured cost)"
echo "load before: $(uptime | sed 's/.*load/load/')"
run warmup "$portal" "$huzhu_pid" "$warmup"
run warmup "$bare_url" "$bare_pid" "$warmup"
audit_before=$(audit_count)
portal_requests=0
: > "$work/portal.rows"; : > "$work/bare.rows"
for _ in $(seq "$rounds"); do
  run portal "$portal" "$huzhu_pid" "$duration"
  echo "$rps $p50_ms $p99_ms" >> "$work/portal.rows"
  portal_requests=$((portal_requests + requests + 1))  # + the probe
  run bare "$bare_url" "$bare_pid" "$duration"
  echo "$rps $p50_ms $p99_ms" >> "$work/bare.rows"
done
audit_after=$(audit_count)
hwm=$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$huzhu_pid/status")
rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$huzhu_pid/status")
bare_hwm=$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$bare_pid/status")
echo "audit records written by the measured portal runs: $((audit_after - audit_before)) (wrk + probe requests: $portal_requests; wrk does not count the ones in flight when it stops)"

col() { cut -d' ' -f"$2" "$1" | median; }
p_rps=$(col "$work/portal.rows" 1) p_p50=$(col "$work/portal.rows" 2) p_p99=$(col "$work/portal.rows" 3)
b_rps=$(col "$work/bare.rows" 1) b_p50=$(col "$work/bare.rows" 2) b_p99=$(col "$work/bare.rows" 3)
ratio=$(echo "scale=1; 100 * $p_rps / $b_rps" | bc)
# Each round's portal run and the bare run right after it, as a pair: on a machine whose speed
# drifts (a shared VM), the pairs' ratios show the spread that the medians above hide.
pairs=$(paste -d' ' "$work/portal.rows" "$work/bare.rows" |
  awk '{ if ($4 > 0) printf "%.1f\n", 100 * $1 / $4; else print 0 }')
verdict() { if [ "$(echo "$1" | bc)" = 1 ]; then echo met; else echo MISSED; fi; }
[ "$rounds" -gt 1 ] && echo "medians of $rounds rounds:"
printf 'portal: %.0f rps, p50 %.2f ms, p99 %.2f ms; peak RSS %d MB (now %d MB)\n' "$p_rps" "$p_p50" "$p_p99" "$hwm" "$rss"
printf 'bare:   %.0f rps, p50 %.2f ms, p99 %.2f ms; peak RSS %d MB\n' "$b_rps" "$b_p50" "$b_p99" "$bare_hwm"
if [ "$rounds" -gt 1 ]; then
  printf 'portal / bare, round by round: %s %%; their median %s %%\n' \
    "$(echo "$pairs" | paste -sd' ' | sed 's/ / %, /g')" "$(printf '%.1f' "$(echo "$pairs" | median)")"
fi
printf 'goal: rps >= 50 %% of bare: %s %% (%s); p99 <= 20 ms: %.2f ms (%s); RSS <= 200 MB: %d MB (%s)\n' \
  "$ratio" "$(verdict "$ratio >= 50")" "$p_p99" "$(verdict "$p_p99 <= 20")" "$hwm" "$(verdict "$hwm <= 200")"
echo "load after: $(uptime | sed 's/.*load/load/')"

if [ "${PROFILE:-0}" = 1 ]; then
  # On-CPU: perf samples. Off-CPU (the portal mostly waits): where the threads' wall time goes
  # in system calls, summed over all threads (strace -c -f -w; strace slows the server down).
  echo "== profile 1: perf record -g on the portal during one more ${duration} run (perf slows it)"
  perf record -q -g -o "$work/perf.data" -p "$huzhu_pid" > /dev/null 2>&1 &
  perf_pid=$!
  sleep 0.5
  run profiled "$portal" "$huzhu_pid" "$duration"
  kill -INT "$perf_pid"; wait "$perf_pid" || true
  if [ -n "${PERF_DATA:-}" ]; then cp "$work/perf.data" "$PERF_DATA"; echo "perf data kept in $PERF_DATA"; fi
  echo "on-CPU, by symbol (self):"
  perf report -i "$work/perf.data" --no-children --sort dso,symbol -g none --percent-limit 0.7 \
    --stdio 2>/dev/null | grep '%' | grep -v '^#' | cut -c1-110
  echo "on-CPU, inclusive (children), huzhu/SQLite/Poco frames:"
  perf report -i "$work/perf.data" --children --sort symbol -g none --percent-limit 4 --stdio \
    2>/dev/null | grep '%' | grep -v '^#' | grep -v '\[k\]' | cut -c1-130 | head -40
  if command -v strace > /dev/null; then
    echo "== profile 2: strace -c -f -w on the portal during one more ${duration} run (slows it more)"
    strace -f -c -w -o "$work/strace.txt" -p "$huzhu_pid" 2> /dev/null &
    strace_pid=$!
    sleep 1
    run straced "$portal" "$huzhu_pid" "$duration"
    kill -INT "$strace_pid"; wait "$strace_pid" || true
    head -14 "$work/strace.txt"
  fi
fi
