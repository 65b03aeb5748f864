#!/bin/sh
# Runs a window test on an X display and a session bus of its own, so that
# no other test's window takes its pointer clicks and no other Guildbook
# answers for it. Xvfb picks a free display itself (-displayfd): two
# `xvfb-run -a` started at once can both choose the same one. -noreset:
# the accessibility bus's launcher connects to the display and leaves, and
# an X server that resets when its last client leaves drops the window
# that connects meanwhile ("cannot open display").
#   run-isolated.sh COMMAND [ARGS…]
set -eu
dir=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; cat "$dir/xvfb.log" >&2; rm -rf "$dir"' EXIT
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
xvfb=$!
read -r number <"$dir/display"
export DISPLAY=":$number"
exec 3>&-
# The test's TAP goes to stdout through fd 4; the bus daemons and the
# services they start (the accessibility registry says "SpiRegistry daemon
# is running" on its stdout) write to stderr, where meson does not parse.
exec 4>&1
dbus-run-session -- sh -c 'exec "$@" >&4 4>&-' sh "$@" >&2
