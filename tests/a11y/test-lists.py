#!/usr/bin/python3
"""The list pages show the record they hold, and act on it.

Drives the real window through the accessibility bus as a user does: types
in the search field, clicks a row, sorts by a column, opens a row, deletes
it; and checks after each step that the row on screen, the open form and
the record moved to the bin are one and the same. Meant to run under its
own session bus (dbus-run-session) on a display (Xvfb).

usage: test-lists.py GUILDBOOK GUILDBOOK-CLI   (prints TAP)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from atspi_driver import ListPage, click, find, find_all, role, run_tests, wait_for  # noqa: E402


def check_row_and_form(page, names, index):
    """Clicks row @index, then opens it: the row, the selection and the
    form all name names[index]."""
    want = names[index]
    click(page.name_cell(index))
    wait_for(lambda: page.selected_names() == [want],
             f"“{want}” selected (selected: {page.selected_names()}, shown: {page.names()})")
    assert page.names() == names, f"clicking “{want}” changed the rows to {page.names()}"
    page.open_row(index)
    wait_for(lambda: page.form_title() == want,
             f"the form of “{want}” (the form shows {page.form_title()!r}, the rows {page.names()})")
    assert page.names() == names, f"opening “{want}” changed the rows to {page.names()}"


def sort_by(page, heading, before):
    click(page.heading(heading))
    return wait_for(lambda: page.names() != before and len(page.names()) == len(before) and page.names(),
                    f"the rows sorted by “{heading}”")


def delete_open_record(page, gb, table, index):
    """Opens row @index and presses Delete: that record, and no other, goes
    to the bin; the toast names it and its form closes."""
    names = page.names()
    want = names[index]
    page.open_row(index)
    wait_for(lambda: page.form_title() == want and page.selected_names() == [want], f"“{want}” open")
    click(page.button("Xóa"))
    binned = wait_for(lambda: [r.get("name") or r.get("title") for r in gb.cli_json("list", table, "--deleted")],
                      f"a record in the bin of {table}")
    assert binned == [want], f"Delete on “{want}” moved {binned} to the bin"
    wait_for(lambda: want not in page.names(), f"“{want}” gone from the list")
    toast = f"Đã chuyển {want} vào thùng rác"
    wait_for(lambda: find(gb.frame, lambda a: role(a) == "label" and a.name == toast), f"the toast “{toast}”")
    wait_for(lambda: page.form_title() is None, f"the form of “{want}” closed (it shows {page.form_title()!r})")


def cli_names(gb, table, search):
    return [r.get("name") or r.get("title") for r in gb.cli_json("list", table, "--search", search)]


def test_artisans(gb):
    page = ListPage(gb, "Nghệ nhân", "Tên")
    expected = cli_names(gb, "artisans", "hai")
    names = page.search("hai", len(expected))
    assert sorted(names) == sorted(expected), f"the window found {names}, the CLI {expected}"
    check_row_and_form(page, names, 2)
    sorted_names = sort_by(page, "Năm sinh", names)
    check_row_and_form(page, sorted_names, 1)
    check_row_and_form(page, sorted_names, len(sorted_names) - 1)
    delete_open_record(page, gb, "artisans", 2)


def test_members(gb):
    page = ListPage(gb, "Hội viên", "Tên")
    expected = cli_names(gb, "members", "huong")
    names = page.search("huong", len(expected))
    assert names == expected, f"the window found {names}, the CLI {expected}"
    check_row_and_form(page, names, 0)
    expected = cli_names(gb, "members", "an")
    names = page.search("an", len(expected))
    check_row_and_form(page, names, min(6, len(names) - 1))   # a row on screen
    sorted_names = sort_by(page, "Nghề", names)
    check_row_and_form(page, sorted_names, 4)
    delete_open_record(page, gb, "members", 1)


def test_events(gb):
    page = ListPage(gb, "Sự kiện", "Tên sự kiện")
    expected = cli_names(gb, "events", "hoi")
    names = page.search("hoi", len(expected))
    assert sorted(names) == sorted(expected), f"the window found {names}, the CLI {expected}"
    check_row_and_form(page, names, 2)
    sorted_names = sort_by(page, "Tên sự kiện", names)
    check_row_and_form(page, sorted_names, 0)
    delete_open_record(page, gb, "events", len(sorted_names) - 1)


GENERIC = {"", "GtkImage", "GtkButton", "GtkMenuButton", "GtkToggleButton"}


def says_what_it_does(button):
    """A button has a name, or shows a label, or is the inner part of a
    named one (GtkMenuButton and GtkDropDown hold a toggle button)."""
    if button.name not in GENERIC:
        return True
    if find(button, lambda a: role(a) == "label" and a.name not in ("", "GtkLabel")):
        return True
    parent = button.parent
    return role(parent) in ("push button", "toggle button", "combo box") and parent.name not in GENERIC


def test_buttons_have_names(gb):
    """Every button a user can reach says what it does: a screen reader reads
    the accessible name, and GTK 4.8 falls back to the widget's type."""
    for title in ("Hội viên", "Nghệ nhân", "Sự kiện"):
        page = ListPage(gb, title, "Tên" if title != "Sự kiện" else "Tên sự kiện")
        # With a form open, its header buttons too.
        wait_for(page.names, f"rows on {title}")
        page.open_row(0)
        wait_for(page.form_title, f"a form on {title}")
    unnamed = [b for b in find_all(gb.frame, lambda a: role(a) in ("push button", "toggle button"))
               if not says_what_it_does(b)]
    described = [f"{role(b)} {b.name!r} beside {[c.name for c in b.parent]}" for b in unnamed]
    assert not unnamed, f"{len(unnamed)} buttons without a name: {described}"


TESTS = [
    ("/a11y/artisans/row-form-bin", test_artisans, {}),
    ("/a11y/members/row-form-bin", test_members, {}),
    ("/a11y/events/row-form-bin", test_events, {}),
    ("/a11y/buttons-named", test_buttons_have_names, {}),
]

if __name__ == "__main__":
    sys.exit(run_tests(TESTS))
