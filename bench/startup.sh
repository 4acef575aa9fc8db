#!/usr/bin/env bash
# Whole-process start-up timing, alternating two builds of the CLI in the same run so that both see the same machine load:
#   A = the plain build (dotnet stroma.dll, JIT at start-up), B = the ReadyToRun publish (README, "stroma on the PATH").
# Each round runs every command once with A and once with B (order alternating); the medians and the ratio B/A are printed.
# Usage: bench/startup.sh [ROUNDS]   (from the repository root; builds and publishes first, makes a demo database under $TMPDIR)
# Figures are only meaningful on a quiet machine; report the ratio with its baseline, never an absolute time from a busy one.
set -euo pipefail
rounds=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/stroma-startup
mkdir -p "$work"
dotnet build "$root/src/Stroma.Cli" -c Release -v q -nologo >/dev/null
dotnet publish "$root/src/Stroma.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" -v q -nologo >/dev/null
plain=(dotnet "$root/src/Stroma.Cli/bin/Release/net10.0/stroma.dll")
r2r=("$work/r2r/stroma")
[ -f "$work/demo/stroma.db" ] || "${plain[@]}" demo --dir "$work/demo" >/dev/null
db="$work/demo/stroma.db"
commands=(
  "egfr --equation ckd_epi_cr_2021 --sex F --age 65 --creatinine 85 --creatinine-unit umol/L"
  "registry --target-met --db $db"
  "assess --all --db $db"
  "assess --patient DEMO-001 --db $db"
)

ms() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

printf '%-75s %10s %10s %8s\n' "command ($rounds rounds, alternating)" "plain ms" "r2r ms" "r2r/plain"
for command in "${commands[@]}"; do
  read -r -a args <<< "$command"
  : > "$work/a"; : > "$work/b"
  for ((i = 0; i < rounds; i++)); do
    if (( i % 2 == 0 )); then ms "${plain[@]}" "${args[@]}" >> "$work/a"; ms "${r2r[@]}" "${args[@]}" >> "$work/b"
    else ms "${r2r[@]}" "${args[@]}" >> "$work/b"; ms "${plain[@]}" "${args[@]}" >> "$work/a"; fi
  done
  a=$(median < "$work/a"); b=$(median < "$work/b")
  printf '%-75s %10s %10s %8.2f\n' "${command/$db/DB}" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
