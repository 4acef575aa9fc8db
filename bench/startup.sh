#!/usr/bin/env bash
# Whole-process start-up timing, alternating two builds of the CLI in the same run so that both see the same machine load.
#   default:              A = the plain build (dotnet stroma.dll, JIT at start-up), B = the ReadyToRun publish (README, "stroma on the PATH")
#   STROMA_BASELINE=REF:  A = the ReadyToRun publish of git revision REF (before a change), B = the ReadyToRun publish of the work tree
# Each round runs every command once with A and once with B (order alternating); the medians and the ratio B/A are printed, with
# the load average before and after. Usage: [STROMA_BASELINE=REF] bench/startup.sh [ROUNDS]   (from the repository root; builds and
# publishes first, makes a demo database under $TMPDIR). Pin it to one core with `taskset -c 1 bench/startup.sh` for single-core figures.
# Figures are only meaningful on a quiet machine; report the ratio with its baseline, never an absolute time from a busy one.
set -euo pipefail
rounds=${1:-15}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/stroma-startup
mkdir -p "$work"
publish() { dotnet publish "$1/src/Stroma.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -v q -nologo >/dev/null; }
publish "$root" "$work/r2r"
r2r=("$work/r2r/stroma")
if [ -n "${STROMA_BASELINE:-}" ]; then
  # The baseline's publish is kept and reused while it is of the same revision.
  revision=$(git -C "$root" rev-parse "$STROMA_BASELINE")
  if [ "$(cat "$work/baseline/.revision" 2>/dev/null)" != "$revision" ]; then
    rm -rf "$work/baseline-src" "$work/baseline"
    git -C "$root" worktree prune
    git -C "$root" worktree add --detach "$work/baseline-src" "$revision" >/dev/null 2>&1
    publish "$work/baseline-src" "$work/baseline"
    git -C "$root" worktree remove --force "$work/baseline-src"
    echo "$revision" > "$work/baseline/.revision"
  fi
  a=("$work/baseline/stroma"); b=("${r2r[@]}"); names=("$STROMA_BASELINE ms" "tree ms" "tree/base")
else
  dotnet build "$root/src/Stroma.Cli" -c Release -v q -nologo >/dev/null
  a=(dotnet "$root/src/Stroma.Cli/bin/Release/net10.0/stroma.dll"); b=("${r2r[@]}"); names=("plain ms" "r2r ms" "r2r/plain")
fi

[ -f "$work/demo/stroma.db" ] || "${b[@]}" demo --dir "$work/demo" >/dev/null
db="$work/demo/stroma.db"
commands=(
  "egfr --equation ckd_epi_cr_2021 --sex F --age 65 --creatinine 85 --creatinine-unit umol/L"
  "registry --target-met --db $db"
  "assess --all --db $db"
  "assess --patient DEMO-001 --db $db"
)

ms() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-75s %10s %10s %9s\n' "command ($rounds rounds, alternating)" "${names[0]}" "${names[1]}" "${names[2]}"
for command in "${commands[@]}"; do
  read -r -a args <<< "$command"
  : > "$work/a"; : > "$work/b"
  for ((i = 0; i < rounds; i++)); do
    if (( i % 2 == 0 )); then ms "${a[@]}" "${args[@]}" >> "$work/a"; ms "${b[@]}" "${args[@]}" >> "$work/b"
    else ms "${b[@]}" "${args[@]}" >> "$work/b"; ms "${a[@]}" "${args[@]}" >> "$work/a"; fi
  done
  ma=$(median < "$work/a"); mb=$(median < "$work/b")
  printf '%-75s %10s %10s %9.2f\n' "${command/$db/DB}" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
