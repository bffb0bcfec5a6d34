#!/usr/bin/env bash
# The README's "A morning with glutelog" transcript: a first morning on a fresh database, run for
# real in a scratch home folder (shown as ~). Usage: scripts/readme_morning.sh [path/to/glutelog]
set -euo pipefail
G=$(realpath "${1:-.venv/bin/glutelog}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset GLUTELOG_DB XDG_CONFIG_HOME XDG_CACHE_HOME
export HOME="$work"
export COLUMNS=100  # laid out as a 100-column terminal shows it
# stdout first, then stderr: glutelog says what it created as it exits, as a terminal shows it
show() {
    echo "\$ glutelog $*"
    "$G" "$@" 2>"$work/err"
    sed "s|$work|~|g" "$work/err"
}
show sore 2 --morning
show plan --minutes 10
show done ball
show done figure4 --side left
show done bridge 2x13
show status
