#!/bin/sh
# `meson install --destdir` into a temporary tree, then what a distribution
# checks: every file in its place, the validators on the installed copies,
# and the programs started from the tree.
set -eu
builddir=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

meson install -C "$builddir" --destdir "$tree" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$builddir" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root=$tree$prefix
fail=0
for f in bin/guildbook bin/guildbook-cli \
         share/applications/io.github.guildbook.Guildbook.desktop \
         share/metainfo/io.github.guildbook.Guildbook.metainfo.xml \
         share/glib-2.0/schemas/io.github.guildbook.Guildbook.gschema.xml \
         share/icons/hicolor/scalable/apps/io.github.guildbook.Guildbook.svg \
         share/icons/hicolor/symbolic/apps/io.github.guildbook.Guildbook-symbolic.svg \
         share/guildbook/templates/artisan.template \
         share/locale/vi/LC_MESSAGES/guildbook.mo \
         share/man/man1/guildbook-cli.1; do
  [ -e "$root/$f" ] || { echo "missing: $f"; fail=1; }
done
desktop-file-validate "$root/share/applications/io.github.guildbook.Guildbook.desktop"
appstreamcli validate --no-net "$root/share/metainfo/io.github.guildbook.Guildbook.metainfo.xml" >/dev/null
glib-compile-schemas --strict "$root/share/glib-2.0/schemas"

# The installed programs work from the tree.
"$root/bin/guildbook-cli" --version >/dev/null
"$root/bin/guildbook-cli" --db "$tree/t.db" demo >/dev/null
"$root/bin/guildbook-cli" --db "$tree/t.db" certificate --artisan 1 -o "$tree/t.pdf" >/dev/null
[ -s "$tree/t.pdf" ] || { echo "no certificate from the installed CLI"; fail=1; }
if [ -n "${DISPLAY:-}" ]; then
  GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas" GSETTINGS_BACKEND=memory \
    timeout 5 "$root/bin/guildbook" --db "$tree/t.db" >/dev/null 2>&1 && status=0 || status=$?
  # Still running after five seconds is a success (124: timeout ended it).
  [ "$status" -eq 124 ] || { echo "the installed guildbook ended with status $status"; fail=1; }
fi
[ $fail -eq 0 ] && echo "installed tree: ok"
exit $fail
