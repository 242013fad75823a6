#!/usr/bin/env bash
# Roster import: `huzhu members import` of N generated valid rows into a fresh database, beside
# the sqlite3 shell's .import of the same CSV into an equivalent table (same primary key on
# member_no, same unique index on the ID number), in the same run. Prints seconds and peak RSS.
# usage: bench/import_bench.sh HUZHU_BINARY [ROWS]
set -euo pipefail
huzhu=$1
rows=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)

year=$(date +%Y)
python3 "$here/gen_roster.py" "$rows" "$work/roster.csv" --version "$year"
echo "roster: $rows rows, $(du -m "$work/roster.csv" | cut -f1) MB"

measure() {  # label, command...: prints wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || {
    cat "$work/err"; exit 1; }
  read -r secs kb < "$work/time"
  printf '%-44s %7.2f s   peak RSS %4d MB\n' "$label" "$secs" $((kb / 1024))
}

# Baseline: the sqlite3 shell.
cat > "$work/baseline.sql" <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE roster (member_no TEXT PRIMARY KEY, name TEXT NOT NULL, national_id TEXT NOT NULL UNIQUE,
  union_code TEXT NOT NULL, bank_name TEXT NOT NULL, bank_account TEXT NOT NULL, plan_code TEXT NOT NULL,
  plan_version INTEGER NOT NULL, shares INTEGER NOT NULL, enrolled_on TEXT NOT NULL);
SQL
sqlite3 "$work/baseline.db" < "$work/baseline.sql" > /dev/null
measure "baseline: sqlite3 .import (same CSV)" \
  sqlite3 "$work/baseline.db" ".import --csv --skip 1 $work/roster.csv roster"

# Huzhu: a fresh database with the unions and the plan the roster names.
"$huzhu" init --db "$work/huzhu.db" --demo --members 0 > /dev/null
measure "huzhu members import (validate, encrypt, enrol)" \
  "$huzhu" members import --db "$work/huzhu.db" "$work/roster.csv"
cat "$work/out"
if [ "${IMPORT_AGAIN:-1}" = 1 ]; then
  measure "huzhu members import again (all unchanged)" \
    "$huzhu" members import --db "$work/huzhu.db" "$work/roster.csv"
  cat "$work/out"
fi
