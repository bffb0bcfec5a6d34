#!/usr/bin/env bash
# The README's "A morning with glutelog" transcript: a week of made-up history, then one morning,
# run for real against a scratch database. Usage: scripts/readme_morning.sh [path/to/glutelog]
set -euo pipefail
G=${1:-.venv/bin/glutelog}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GLUTELOG_DB="$work/glutelog.db" GLUTELOG_CACHE_DIR="$work/cache"
quiet() { "$G" "$@" >/dev/null 2>&1; }
for back in 7 6 5 4 3 2 1; do
    quiet sore $(( back % 3 == 0 ? 2 : 1 )) --morning --at "$back days ago 7am"
    for item in ball figure4 pigeon hamstring; do quiet done "$item" --at "$back days ago 8am"; done
    if (( back % 2 == 0 )); then
        for item in bridge clams band-walk; do quiet done "$item" --at "$back days ago 8am"; done
        quiet sore 2 --after --at "$back days ago 9am"
    else
        quiet done walk 25min --at "$back days ago 6pm"
        quiet done ice --at "$back days ago 7pm"
    fi
done
show() { echo "\$ glutelog $*"; "$G" "$@" 2>/dev/null; }
show sore 2 --morning
show plan
show done ball 3x30s
show done figure4 --side left
show done figure4 --side right
show done pigeon
show done bridge 2x13
show done clams --pain 1
show done band-walk
show done run 8km 45min
show sore 3 --after
show report
