#!/bin/sh
# One Guildbook per user: a second `guildbook --db B` hands B to the running
# one and ends at once; guildbook-cli writes to the file the window has
# open and succeeds. Needs a display and a session bus (.ci/run has both).
set -eu
gui=$1
cli=$2
dir=$(mktemp -d)
trap 'kill $first 2>/dev/null || true; rm -rf "$dir"' EXIT
export GSETTINGS_BACKEND=memory XDG_DATA_HOME="$dir/data"

"$cli" --db "$dir/a.db" demo >/dev/null
"$cli" --db "$dir/b.db" demo >/dev/null
rm -f "$dir"/b.db-wal "$dir"/b.db-shm
"$gui" --db "$dir/a.db" >/dev/null 2>&1 &
first=$!
i=0
while [ ! -e "$dir/a.db-shm" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$dir/a.db-shm" ] || { echo "the first guildbook did not open a.db"; exit 1; }

# The second start returns at once, and the first opens b.db.
timeout 30 "$gui" --db "$dir/b.db" >/dev/null 2>&1 || { echo "the second guildbook did not hand over"; exit 1; }
i=0
while [ ! -e "$dir/b.db-shm" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$dir/b.db-shm" ] || { echo "the running guildbook did not open b.db"; exit 1; }
kill -0 "$first" || { echo "the first guildbook ended"; exit 1; }

# The CLI issues a certificate into the file the window has open.
"$cli" --db "$dir/b.db" certificate --artisan 1 --issue -o "$dir/c.pdf" >/dev/null
"$cli" --db "$dir/b.db" register --json | grep -q '"serial": 1' || { echo "no register entry"; exit 1; }
echo "single instance: ok"
