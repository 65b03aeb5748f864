#!/usr/bin/env python3
# Checks the Flatpak manifest: valid JSON, the app's id and command, no
# permission beyond what Guildbook needs, and every library meson.build
# requires either in the GNOME runtime or built by a module of the manifest.
import json, re, sys

# What org.gnome.Platform provides (pkg-config names), checked against the
# runtime's contents; anything else needs a module.
RUNTIME = {
    "glib-2.0", "gio-2.0", "gobject-2.0", "sqlite3", "cairo", "pangocairo",
    "gdk-pixbuf-2.0", "icu-uc", "icu-i18n", "gtk4", "libadwaita-1", "libxml-2.0", "libsecret-1",
}
# pkg-config name -> the module that builds it
MODULES = {"poppler-glib": "poppler", "libqrencode": "libqrencode", "xlsxwriter": "libxlsxwriter", "libzip": "libzip",
           "libpq": "libpq"}
# The network only to reach a shared PostgreSQL database (Preferences).
ALLOWED_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri", "--share=network"}

manifest_path, meson_path = sys.argv[1], sys.argv[2]
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)
with open(meson_path, encoding="utf-8") as f:
    meson = f.read()

problems = []
if manifest.get("id") != "io.github.guildbook.Guildbook":
    problems.append("id is not io.github.guildbook.Guildbook")
if manifest.get("command") != "guildbook":
    problems.append("command is not guildbook")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problems.append("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
extra = set(manifest.get("finish-args", [])) - ALLOWED_ARGS
if extra:
    problems.append("permissions beyond what is needed: " + ", ".join(sorted(extra)))

modules = {m["name"] for m in manifest.get("modules", []) if isinstance(m, dict)}
if "guildbook" not in modules:
    problems.append("no module builds guildbook itself")
for dep in re.findall(r"dependency\('([^']+)'", meson):
    if dep in RUNTIME:
        continue
    if MODULES.get(dep) not in modules:
        problems.append(f"meson.build requires {dep}, which neither the runtime nor a module provides")

# Libraries found without pkg-config (cc.find_library) need a module too.
for lib in re.findall(r"find_library\('([^']+)'", meson):
    if lib not in ("m",) and "lib" + lib not in modules:
        problems.append(f"meson.build links lib{lib}, which no module builds")

for p in problems:
    print("flatpak manifest:", p)
print("ok" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
