#!/usr/bin/python3
"""Takes the screenshots in data/screenshots/ of the real window on the
demo association, in Vietnamese, driven through the accessibility bus as
the a11y tests drive it.

usage (from the source tree, after a build in build/):
  GSETTINGS_SCHEMA_DIR=build/data GUILDBOOK_LOCALEDIR=build/po \\
    tests/a11y/run-isolated.sh /usr/bin/python3 build-aux/take-screenshots.py \\
    build/src/gui/guildbook build/src/cli/guildbook-cli
Then look at each picture before committing it.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "a11y"))
from atspi_driver import ListPage, run_tests, wait_for  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "screenshots")


def window_shot(gb, name):
    """The main window alone, as it is now."""
    time.sleep(0.5)  # the last frame painted
    # The window alone: the screen's black around it trimmed away.
    subprocess.run(["import", "-window", "root", "-trim", "+repage", os.path.join(OUT, f"{name}.png")], check=True)


def artisans(gb):
    page = ListPage(gb, "Nghệ nhân", "Tên")
    wait_for(page.names, "artisans listed")
    page.search("hai", len(gb.cli_json("list", "artisans", "--search", "hai")))
    page.open_row(0)
    wait_for(page.form_title, "an artisan open")
    window_shot(gb, "artisans-vi")


def members(gb):
    page = ListPage(gb, "Hội viên", "Tên")
    wait_for(page.names, "members listed")
    window_shot(gb, "members-vi")
    collective = next(i for i, n in enumerate(page.names()) if n.startswith(("Công ty", "Hợp tác xã", "Làng nghề")))
    page.open_row(collective)
    wait_for(page.form_title, "a member open")
    window_shot(gb, "member-form-vi")


def events(gb):
    page = ListPage(gb, "Sự kiện", "Tên sự kiện")
    wait_for(page.names, "events listed")
    window_shot(gb, "events-vi")


if __name__ == "__main__":
    sys.exit(run_tests([("/shots/artisans", artisans, {}), ("/shots/members", members, {}),
                        ("/shots/events", events, {})]))
