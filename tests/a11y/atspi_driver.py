"""Drives a running Guildbook window through the accessibility bus, as a
user would: by the labels on screen, with real pointer and key events.

Used by the window tests in this folder; needs Debian's python3-pyatspi
(run with /usr/bin/python3), a display and a session bus.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import pyatspi

TIMEOUT = 20.0


def wait_for(condition, what, timeout=TIMEOUT):
    """Polls @condition until it returns something true; fails naming @what."""
    end = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < end:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # the tree changes under us: ask again
            last_error = error
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}" + (f" ({last_error})" if last_error else ""))


def walk(acc, depth=0, max_depth=60):
    yield acc
    if depth >= max_depth:
        return
    try:
        n = acc.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            yield from walk(child, depth + 1, max_depth)


def find_all(root, predicate):
    found = []
    for acc in walk(root):
        try:
            if predicate(acc):
                found.append(acc)
        except Exception:
            pass
    return found


def find(root, predicate):
    for acc in walk(root):
        try:
            if predicate(acc):
                return acc
        except Exception:
            pass
    return None


def role(acc):
    return acc.getRoleName()


def centre(acc):
    e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    if e.width <= 0 or e.height <= 0:
        raise AssertionError(f"{role(acc)} {acc.name!r} has no size on screen")
    return e.x + e.width // 2, e.y + e.height // 2


def click(acc, double=False):
    x, y = centre(acc)
    pyatspi.Registry.generateMouseEvent(x, y, "b1d" if double else "b1c")


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)


KEY_BACKSPACE = 0xFF08
KEY_DOWN = 0xFF54
KEY_DELETE = 0xFFFF
KEY_RETURN = 0xFF0D
KEY_ESCAPE = 0xFF1B


CONTROL_MASK = 1 << 2


def key_with_control(keysym):
    pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_LOCKMODIFIERS)
    try:
        key(keysym)
    finally:
        pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_UNLOCKMODIFIERS)


def type_text(text):
    for ch in text:
        key(ord(ch))


class Guildbook:
    """The window on a demo database of its own, and the CLI beside it."""

    def __init__(self, gui, cli, demo=True, size=None):
        self.dir = tempfile.mkdtemp(prefix="gb-a11y-")
        self.db = os.path.join(self.dir, "guildbook.db")
        # GB_A11Y_PG="host=… user=…": each window on a new database of that
        # PostgreSQL server instead of a file (the same walk, shared).
        pg = os.environ.get("GB_A11Y_PG")
        if pg:
            name = "a11y_" + os.path.basename(self.dir).replace("-", "_").lower()
            subprocess.run(["psql", "-q", "-d", f"{pg} dbname=postgres", "-c", f"CREATE DATABASE {name}"],
                           check=True)
            self.db = f"{pg} dbname={name}"
        self.cli_path = cli
        self.env = dict(os.environ)
        self.env.update({
            "GTK_A11Y": "atspi",
            "GSETTINGS_BACKEND": "memory",
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "LANGUAGE": "vi",
            "LANG": "C.UTF-8",
        })
        if size is not None:
            # The window opens at the size it was closed at: a settings
            # file of its own says which.
            settings = os.path.join(self.dir, "config", "glib-2.0", "settings")
            os.makedirs(settings)
            with open(os.path.join(settings, "keyfile"), "w") as f:
                f.write(f"[io/github/guildbook/Guildbook]\nwindow-width={size[0]}\nwindow-height={size[1]}\n")
            self.env.update({"GSETTINGS_BACKEND": "keyfile",
                             "XDG_CONFIG_HOME": os.path.join(self.dir, "config")})
        self.env.pop("NO_AT_BRIDGE", None)
        self.cli("demo" if demo else "init")
        self.log = open(os.path.join(self.dir, "window.log"), "w+")
        self.process = subprocess.Popen([gui, "--db", self.db], env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.app = wait_for(self._find_app, "the window on the accessibility bus")
        self.frame = wait_for(lambda: find(self.app, lambda a: role(a) == "frame"), "the main window")

    def _find_app(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            raise AssertionError(f"Guildbook ended with status {self.process.returncode}: {self.log.read()[-2000:]}")
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.get_process_id() == self.process.pid and app.childCount > 0:
                return app
        return None

    def cli(self, *args):
        done = subprocess.run([self.cli_path, "--db", self.db, *args], env=self.env,
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"guildbook-cli {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def cli_json(self, *args):
        return json.loads(self.cli(*args, "--json"))

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        subprocess.run(["rm", "-rf", self.dir])

    # What the user sees and does -------------------------------------

    def open_page(self, title):
        """Clicks @title in the sidebar; returns the page's panel."""
        label = wait_for(lambda: find(self.frame, lambda a: role(a) == "label" and a.name == title
                                      and role(a.parent.parent) == "list item"),
                         f"“{title}” in the sidebar")
        click(label)
        # GTK 4.8 does not mark children SHOWING on the bus: the page is
        # the stack page named after it, and its list is the one filled.
        return wait_for(lambda: find(self.frame, lambda a: role(a) == "panel" and a.name == title),
                        f"the page “{title}”")


class ListPage:
    """One list page (Members, Artisans, Events) as a user sees it."""

    def __init__(self, gb, title, name_heading):
        self.gb = gb
        self.title = title
        self.panel = gb.open_page(title)
        self.name_heading = name_heading
        self.view = wait_for(lambda: find(self.panel, lambda a: role(a) == "tree table"),
                             f"the list of “{title}”")

    def rows_widget(self):
        # The column view's rows; its first child is the header row.
        return find(self.view, lambda a: role(a) == "list")

    def headings(self):
        header = find(self.view, lambda a: role(a) == "table row")
        return [find(h, lambda a: role(a) == "label").name for h in
                (header.getChildAtIndex(i) for i in range(header.childCount))]

    def heading(self, text):
        header = find(self.view, lambda a: role(a) == "table row")
        for i in range(header.childCount):
            h = header.getChildAtIndex(i)
            if find(h, lambda a: role(a) == "label" and a.name == text):
                return h
        raise AssertionError(f"no column “{text}” on {self.title}")

    def rows(self):
        """The rows on screen, each a list of its cells' texts."""
        rows_widget = self.rows_widget()
        out = []
        for i in range(rows_widget.childCount):
            row = rows_widget.getChildAtIndex(i)
            cells = []
            for j in range(row.childCount):
                label = find(row.getChildAtIndex(j), lambda a: role(a) == "label")
                cells.append(label.name if label is not None else "")
            out.append(cells)
        return out

    def names(self):
        column = self.headings().index(self.name_heading)
        return [r[column] for r in self.rows()]

    def row(self, index):
        return self.rows_widget().getChildAtIndex(index)

    def name_cell(self, index):
        column = self.headings().index(self.name_heading)
        return self.row(index).getChildAtIndex(column)

    def cell_texts(self, index):
        """The texts shown in a row's name cell: the name, then any caption."""
        return [a.name for a in find_all(self.name_cell(index), lambda a: role(a) == "label")
                if a.getState().contains(pyatspi.STATE_VISIBLE)]

    def search_entry(self):
        return find(self.panel, lambda a: role(a) == "entry")

    def search(self, text, expected_count):
        entry = self.search_entry()
        click(entry)
        # Select all and type over it: Ctrl+A is not sent through AT-SPI
        # reliably, so empty the field with backspaces.
        for _ in range(40):
            key(KEY_BACKSPACE)
        type_text(text)
        return wait_for(lambda: len(self.names()) == expected_count and self.names(),
                        f"{expected_count} rows for “{text}” on {self.title}")

    def selected_names(self):
        column = self.headings().index(self.name_heading)
        out = []
        rows_widget = self.rows_widget()
        for i in range(rows_widget.childCount):
            row = rows_widget.getChildAtIndex(i)
            if row.getState().contains(pyatspi.STATE_SELECTED):
                out.append(find(row.getChildAtIndex(column), lambda a: role(a) == "label").name)
        return out

    def count_text(self):
        """The line under the list: "Đang hiện N trên M"."""
        label = find(self.panel, lambda a: role(a) == "label" and a.name.startswith("Đang hiện "))
        return label.name if label is not None else None

    def choose(self, filter_name, index):
        """Opens the filter drop-down named @filter_name and picks its entry
        @index (0: the "all" entry) with the keyboard, as a user may: GTK 4.8
        reports a popover's positions relative to the popover, so a pointer
        click there lands elsewhere."""
        combo = wait_for(lambda: find(self.panel, lambda a: role(a) == "combo box" and a.name == filter_name),
                         f"the filter “{filter_name}”")
        click(combo)
        # The menu opens on the entry chosen now: start from the top.
        for _ in range(30):
            key(0xFF52)  # Up
        for _ in range(index):
            key(KEY_DOWN)
        key(KEY_RETURN)

    def open_row(self, index):
        """Selects row @index with a click and opens it with Enter, as a
        keyboard user does (a double click can arrive as two single clicks
        on a busy machine)."""
        want = self.names()[index]
        click(self.name_cell(index))
        wait_for(lambda: self.selected_names() == [want],
                 f"“{want}” selected (selected: {self.selected_names()}, shown: {self.names()})")
        key(KEY_RETURN)

    def form_title(self):
        """The heading of the open form: the label beside its Save button."""
        save = find(self.panel, lambda a: role(a) == "push button" and a.name.endswith(" Lưu"))
        if save is None:
            return None
        label = find(save.parent, lambda a: role(a) == "label" and a.parent == save.parent)
        return label.name if label is not None else None

    def form_shown(self):
        """Whether a form is open: its Save button and every widget above
        it up to the page are visible (a closed form stays in the tree,
        hidden)."""
        save = find(self.panel, lambda a: role(a) == "push button" and a.name.endswith(" Lưu"))
        return self.shown(save)

    def shown(self, acc):
        """Whether @acc and every widget above it up to the page are
        visible: a page's other states (its empty page, its list) stay in
        the tree while hidden, with the extents they last had."""
        node = acc
        while node is not None and node != self.panel:
            if not node.getState().contains(pyatspi.STATE_VISIBLE):
                return False
            node = node.parent
        return acc is not None

    def _ancestors(self, acc):
        out = []
        while acc is not None:
            out.append(acc)
            acc = acc.parent
        return out

    def button(self, label, in_form=False):
        """The button @label of the list (its action bar, header or empty
        page), not a button of the same name in the open form; or, with
        @in_form, the form's."""
        save = find(self.panel, lambda a: role(a) == "push button" and a.name.endswith(" Lưu"))
        form = None
        if save is not None:
            list_side = self._ancestors(self.view)
            for acc in self._ancestors(save):
                if acc in list_side:
                    break
                form = acc

        def outside_form(a):
            if in_form:
                return form is not None and form in self._ancestors(a)
            return form is None or form not in self._ancestors(a)

        return wait_for(lambda: find(self.panel, lambda a: role(a) == "push button"
                                     and (a.name == label or a.name.endswith(" " + label))
                                     and outside_form(a)),
                        f"the button “{label}” on {self.title}")


def shot(name):
    """With GB_A11Y_SHOTS set, the screen as it is now, to look at."""
    shots = os.environ.get("GB_A11Y_SHOTS")
    if shots:
        time.sleep(0.3)  # the last frame painted
        subprocess.run(["import", "-window", "root", f"{shots}/{name}.png"])


def run_tests(tests):
    """Runs (name, function, options) with a window each; prints TAP.
    argv: GUILDBOOK GUILDBOOK-CLI [part of a test name]."""
    import traceback

    gui, cli = sys.argv[1], sys.argv[2]
    only = sys.argv[3] if len(sys.argv) > 3 else None
    tests = [t for t in tests if only is None or only in t[0]]
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for n, (name, test, options) in enumerate(tests, 1):
        gb = None
        try:
            gb = Guildbook(gui, cli, **options)
            test(gb)
            print(f"ok {n} {name}", flush=True)
        except Exception:
            failed += 1
            print(f"not ok {n} {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
            # meson's log shows a TAP test's stderr, not its comments
            print(f"{name} failed:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            if gb is not None:  # and what the window said meanwhile
                gb.log.seek(0)
                print(f"the window's output:\n{gb.log.read()[-4000:]}", file=sys.stderr, flush=True)
        finally:
            shots = os.environ.get("GB_A11Y_SHOTS")
            if shots and gb is not None:  # what the screen showed at the end, to look at
                subprocess.run(["import", "-window", "root",
                                f"{shots}/{name.strip('/').replace('/', '-')}.png"])
            if gb is not None:
                gb.close()
    return 1 if failed else 0
