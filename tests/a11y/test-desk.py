#!/usr/bin/python3
"""The desk a newcomer understands: empty pages offer the next step, a
record just saved is selected in its list.

Drives the real window through the accessibility bus, by what a user sees.
usage: test-desk.py GUILDBOOK GUILDBOOK-CLI   (prints TAP)
"""
import os
import sys
import unicodedata

import pyatspi

sys.path.insert(0, os.path.dirname(__file__))
from atspi_driver import (KEY_ESCAPE, ListPage, click, find, find_all, key, key_with_control, role, run_tests,  # noqa: E402
                          shot, type_text, wait_for)


def fold(text):
    """What a user types for @text on a keyboard without Vietnamese input."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def test_empty_register_offers_actions(gb):
    """An empty register: each list offers Add, Import and the demo; the
    demo fills the register, and then is no longer offered."""
    for title, add in (("Hội viên", "Thêm hội viên"), ("Nghệ nhân", "Thêm nghệ nhân"),
                       ("Sự kiện", "Thêm sự kiện")):
        page = ListPage(gb, title, "Tên")
        page.button(add)
        page.button("Nhập từ bảng tính…")
        page.button("Nạp dữ liệu mẫu của Hiệp hội")
    demo = page.button("Nạp dữ liệu mẫu của Hiệp hội")
    # The page shows its empty state once its list has been read.
    wait_for(lambda: page.shown(demo), "the empty Events page shown")
    click(demo)
    stats = wait_for(lambda: gb.cli_json("stats").get("members"), "the demo in the register")
    assert stats == 160, f"the demo loaded {stats} members"
    members = ListPage(gb, "Hội viên", "Tên")
    wait_for(lambda: len(members.names()) > 10, "members listed after the demo")


def test_new_record_selected_after_save(gb):
    """A new artisan, once saved, is the selected row of the list."""
    page = ListPage(gb, "Nghệ nhân", "Tên")
    wait_for(page.names, "artisans listed")
    click(page.button("Bản ghi mới (Ctrl+N)"))
    name_field = wait_for(lambda: find(page.panel, lambda a: role(a) == "text" and a.name == "Tên"),
                          "the name field of the new form")
    click(name_field)
    type_text("Zung Van Thu")
    click(page.button("Lưu", in_form=True))
    wait_for(lambda: page.selected_names() == ["Zung Van Thu"],
             f"the new artisan selected (selected: {page.selected_names()})")
    assert [r["name"] for r in gb.cli_json("list", "artisans", "--search", "zung van thu")] == ["Zung Van Thu"]


def test_clear_filters(gb):
    """A filter set shows "Bỏ lọc"; it clears every filter."""
    page = ListPage(gb, "Hội viên", "Tên")
    wait_for(page.names, "members listed")
    total = len(gb.cli_json("list", "members"))
    resigned = len(gb.cli_json("list", "members", "--filter", "status=resigned"))
    assert find(page.panel, lambda a: role(a) == "push button" and a.name.endswith("Bỏ lọc")) is None, \
        "“Bỏ lọc” shown with no filter set"
    page.choose("Mọi tình trạng", 3)   # all, active, suspended, resigned
    wait_for(lambda: page.count_text() == f"Đang hiện {resigned} trên {total}",
             f"{resigned} resigned members shown (the list says {page.count_text()!r})")
    click(page.button("Bỏ lọc"))
    wait_for(lambda: page.count_text() == f"Đang hiện {total} trên {total}",
             f"every member shown again (the list says {page.count_text()!r})")


def test_new_from_anywhere(gb):
    """Ctrl+N and the main menu's Import work from the sidebar, not only
    from inside a list."""
    overview = gb.open_page("Tổng quan")
    assert overview is not None
    key_with_control(ord("n"))
    members = ListPage(gb, "Hội viên", "Tên")
    wait_for(lambda: members.form_title() == "Hội viên mới",
             f"a new member's form (the form shows {members.form_title()!r})")


def test_bin_says_it_is_the_bin(gb):
    """The bin shows a banner that says what it is, with Restore and Empty
    Bin…; emptying asks first, then removes the records for good."""
    page = ListPage(gb, "Sự kiện", "Tên sự kiện")
    names = wait_for(page.names, "events listed")
    want = names[0]
    click(page.name_cell(0))
    wait_for(lambda: page.selected_names() == [want], f"“{want}” selected")
    click(page.button("Xóa"))
    wait_for(lambda: want not in page.names(), f"“{want}” moved to the bin")
    banner_text = "Thùng rác: các bản ghi đã xóa."
    assert find(page.panel, lambda a: role(a) == "label" and a.name.startswith(banner_text)) is None, \
        "the bin's banner shows outside the bin"
    click(wait_for(lambda: find(page.panel, lambda a: a.name == "Hiện các bản ghi đã xóa"), "the bin button"))
    wait_for(lambda: page.names() == [want], f"only “{want}” in the bin (shown: {page.names()})")
    wait_for(lambda: find(page.panel, lambda a: role(a) == "label" and a.name.startswith(banner_text)),
             "the bin's banner")
    page.button("Khôi phục")
    click(page.button("Dọn sạch thùng rác…"))
    click(wait_for(lambda: find(gb.app, lambda a: role(a) == "push button" and a.name.endswith("Dọn sạch")),
                   "Dọn sạch in the question"))
    wait_for(lambda: gb.cli_json("list", "events", "--deleted") == [], "the bin emptied")
    wait_for(lambda: find(gb.frame, lambda a: role(a) == "label" and a.name == "Đã xóa hẳn 1 bản ghi"),
             "the toast “Đã xóa hẳn 1 bản ghi”")
    assert want not in [e["title"] for e in gb.cli_json("list", "events")]

def test_search_says_why(gb):
    """A search finds what the columns show (the craft too) and a row
    found by a field the list does not show says which field."""
    artisans = ListPage(gb, "Nghệ nhân", "Tên")
    wait_for(artisans.names, "artisans listed")
    by_craft = gb.cli_json("list", "artisans", "--search", "det chieu")
    assert by_craft, "the CLI finds no artisan of Dệt chiếu cói"
    artisans.search("det chieu", len(by_craft))
    craft = artisans.headings().index("Nghề")
    crafts = {r[craft] for r in artisans.rows()}
    assert crafts == {"Dệt chiếu cói"}, f"crafts shown for “det chieu”: {crafts}"

    members = ListPage(gb, "Hội viên", "Tên")
    wait_for(members.names, "members listed")
    member = next(m for m in gb.cli_json("list", "members")
                  if m.get("representative") and m["representative"].split()[-1] not in m["name"])
    typed = fold(member["representative"])
    found = gb.cli_json("list", "members", "--search", typed)
    members.search(typed, len(found))
    caption = f"Người đại diện: {member['representative']}"
    names = members.names()
    at = names.index(member["name"])
    shown = members.cell_texts(at)
    assert shown == [member["name"], caption], f"“{member['name']}” shown as {shown}, without “{caption}”"
    shot("search-says-why")
    # A row found by what a column shows has no caption.
    members.search(fold(member["name"]), len(gb.cli_json("list", "members", "--search", fold(member["name"]))))
    at = members.names().index(member["name"])
    assert members.cell_texts(at) == [member["name"]], f"a caption under {members.cell_texts(at)}"


def test_small_screen_first_row(gb):
    """At 1024×600 the first row is on screen below the headings; a record
    opened takes the room (the list folds away, as in Contacts) and closing
    it brings the list back with the row still there."""
    page = ListPage(gb, "Hội viên", "Tên")
    names = wait_for(page.names, "members listed")

    def first_row_on_screen():
        frame = gb.frame.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        header = find(page.view, lambda a: role(a) == "table row").queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        cell = page.name_cell(0)
        first = cell.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        assert frame.width <= 1024 and frame.height <= 600, f"the window is {frame.width}×{frame.height}"
        # What is under the pointer at the cell's middle is the cell: it is
        # drawn, not covered by the form or folded away.
        at = gb.frame.queryComponent().getAccessibleAtPoint(first.x + first.width // 2,
                                                            first.y + first.height // 2,
                                                            pyatspi.DESKTOP_COORDS)
        while at is not None and at.childCount > 0 and at != cell:
            inner = at.queryComponent().getAccessibleAtPoint(first.x + first.width // 2,
                                                             first.y + first.height // 2,
                                                             pyatspi.DESKTOP_COORDS)
            if inner is None or inner == at:
                break
            at = inner
        inside = at
        for _ in range(4):
            if inside is None or inside == cell:
                break
            inside = inside.parent
        assert inside is not None and inside == cell, \
            f"at the first row's place: {role(at) if at else None} “{at.name if at else ''}”"
        assert first.y >= header.y + header.height, f"the first row (y {first.y}) under the headings ({header.y})"
        assert first.y + first.height <= frame.y + frame.height, \
            f"the first row (y {first.y}) below the window's bottom ({frame.y + frame.height})"
        assert first.width >= 100, f"the first row's name is {first.width} px wide"
        return True

    wait_for(first_row_on_screen, "the first row on screen")
    shot("small-screen-list")
    page.open_row(0)
    wait_for(lambda: page.form_title() == names[0], f"“{names[0]}” open (the form shows {page.form_title()!r})")
    shot("small-screen-form")
    try:
        first_row_on_screen()
        folded = False
    except AssertionError:
        folded = True   # the form took the whole window, as it should at 1024
    assert folded, "the list and the form side by side at 1024 px"
    key(KEY_ESCAPE)
    wait_for(first_row_on_screen, "the first row on screen again")
    assert page.selected_names() == [names[0]], f"selected after closing: {page.selected_names()}"


def test_title_before_first_save(gb):
    """A new artisan's first title is added before the artisan was saved:
    Thêm… saves the artisan, then opens the new title."""
    page = ListPage(gb, "Nghệ nhân", "Tên")
    wait_for(page.names, "artisans listed")
    click(page.button("Bản ghi mới (Ctrl+N)"))
    wait_for(lambda: page.form_title() == "Nghệ nhân mới", f"a new artisan's form ({page.form_title()!r})")
    name_field = wait_for(lambda: find(page.panel, lambda a: role(a) == "text" and a.name == "Tên"),
                          "the name field of the new form")
    click(name_field)
    type_text("Zung Thi Theu")
    group = wait_for(lambda: find(page.panel, lambda a: role(a) == "label" and a.name == "Danh hiệu và khen thưởng"),
                     "the titles of the new artisan")
    add = find(group.parent.parent, lambda a: role(a) == "push button" and a.name.endswith("Thêm…"))
    assert add is not None, "no Thêm… beside the titles"
    # Below the form's fold: activated as a screen reader does, by its action.
    add.queryAction().doAction(0)
    editor = wait_for(lambda: find(gb.app, lambda a: role(a) == "label" and a.name == "Danh hiệu mới"),
                      "the new title's form")
    assert editor is not None
    saved = wait_for(lambda: gb.cli_json("list", "artisans", "--search", "zung thi theu"), "the artisan saved")
    assert [a["name"] for a in saved] == ["Zung Thi Theu"], saved
    wait_for(lambda: page.selected_names() == ["Zung Thi Theu"],
             f"the artisan selected in the list (selected: {page.selected_names()})")
    shot("title-before-first-save")


def test_new_record_honest(gb):
    """A new form untouched closes without a question; a missing name is
    said, and the error goes as soon as the name is typed."""
    page = ListPage(gb, "Nghệ nhân", "Tên")
    wait_for(page.names, "artisans listed")
    key_with_control(ord("n"))
    wait_for(lambda: page.form_title() == "Nghệ nhân mới" and page.form_shown(),
             f"a new artisan's form ({page.form_title()!r})")
    key(KEY_ESCAPE)
    wait_for(lambda: not page.form_shown(), "the untouched form closed")
    assert find(gb.app, lambda a: role(a) in ("alert", "dialog") and a.getState().contains(pyatspi.STATE_VISIBLE)) \
        is None, "a question on closing an untouched new form"

    key_with_control(ord("n"))
    wait_for(lambda: page.form_shown(), "a new artisan's form again")
    key_with_control(ord("s"))

    def error_shown():
        return [a.name for a in find_all(page.panel, lambda a: role(a) == "label" and a.name.endswith("bắt buộc phải nhập."))
                if a.getState().contains(pyatspi.STATE_VISIBLE)]
    wait_for(error_shown, "the missing name said")
    name_field = find(page.panel, lambda a: role(a) == "text" and a.name == "Tên")
    click(name_field)
    type_text("Zung")
    wait_for(lambda: not error_shown(), f"the error gone once the name is typed ({error_shown()})")
    assert gb.cli_json("list", "artisans", "--search", "zung") == [], "saved without Save"


TESTS = [
    ("/a11y/desk/bin", test_bin_says_it_is_the_bin, {}),
    ("/a11y/desk/clear-filters", test_clear_filters, {}),
    ("/a11y/desk/new-from-anywhere", test_new_from_anywhere, {}),
    ("/a11y/desk/empty-register-actions", test_empty_register_offers_actions, {"demo": False}),
    ("/a11y/desk/new-record-selected", test_new_record_selected_after_save, {}),
    ("/a11y/desk/search-says-why", test_search_says_why, {}),
    ("/a11y/desk/new-record-honest", test_new_record_honest, {}),
    ("/a11y/desk/title-before-first-save", test_title_before_first_save, {}),
    ("/a11y/desk/small-screen", test_small_screen_first_row, {"size": (1024, 600)}),
]

if __name__ == "__main__":
    sys.exit(run_tests(TESTS))
