# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's web client in headless Chromium (Playwright's Python API driving the system's
chromium, no browser download): log in, open an action's view by URL, wait until it has
loaded, and tell what went wrong on the way (JavaScript errors, server error dialogs, an
empty view where the database has rows). Test-only, like the rest of tools/ but flows.

The web clients differ by series: 11's is the legacy one (hash URLs, `.o_main_content`),
17's is OWL with hash URLs, 18 and 19 route by path (/odoo/action-<id>).
"""
import os
import re
import resource
import shutil
import time

from ..compat import SERIES

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
VIEWPORT = {"width": 1440, "height": 900}

# What a view's root looks like in each web client (11's classes first, then OWL's).
VIEW_SELECTORS = {
    "list": ".o_list_view, .o_list_renderer",
    "form": ".o_form_view",
    "pivot": ".o_pivot, .o_pivot_view",
    "graph": ".o_graph, .o_graph_view",
    "kanban": ".o_kanban_view",
    "calendar": ".o_calendar_view",
}
NOCONTENT = ".o_view_nocontent, .oe_view_nocontent"
# a dialog of any kind (11's Bootstrap 3 modals are .in, 17+'s .show or .o_dialog)
OPEN_DIALOGS = ".modal.in .modal-content, .modal.show .modal-content, .o_dialog .modal-content"
ERROR_DIALOGS = (".o_dialog_error, .o_error_dialog, .o_dialog_warning, "
                 ".modal .o_error_detail, .modal .o_dialog_error")
# A resource the page asks for and the server has not (an avatar, a favicon): not a
# JavaScript error, and Chromium reports it on the console all the same.
NOT_JS = re.compile(r"^Failed to load resource: the server responded with a status of 404")

_CONTENT_JS = """(type) => {
    const root = document.querySelector('.o_action_manager') || document.querySelector('.o_main_content')
        || document.body;
    const visible = (el) => !!(el && (el.offsetWidth || el.offsetHeight || el.getClientRects().length));
    const nocontent = [...root.querySelectorAll('.o_view_nocontent, .oe_view_nocontent, .o_nocontent_help')]
        .some(visible) || !!root.querySelector('.o_view_sample_data');
    const count = (sel) => [...root.querySelectorAll(sel)].filter(visible).length;
    let rows = null;
    if (type === 'list') rows = count('.o_data_row');
    else if (type === 'kanban') rows = count('.o_kanban_record:not(.o_kanban_ghost)');
    else if (type === 'pivot') rows = count('.o_pivot table td.o_pivot_cell_value, .o_pivot table td');
    else if (type === 'graph') rows = count('canvas, svg');
    const facets = count('.o_searchview_facet');
    return {nocontent: nocontent, rows: rows, facets: facets};
}"""

# Marks the views on screen so that the wait below sees the next one, not the last (the
# views themselves: their containers, such as 11's .o_content, stay for the next view).
_MARK_STALE_JS = """() => {
    document.querySelectorAll('.o_view_controller, .o_form_view, .o_list_view,'
        + ' .o_pivot, .o_graph, .o_kanban_view, .o_pivot_view, .o_graph_view, .o_list_renderer,'
        + ' .o_view_nocontent, .oe_view_nocontent')
        .forEach((el) => el.setAttribute('data-lc-stale', '1'));
}"""
_FRESH_JS = """(selector) => [...document.querySelectorAll(selector)].some(
    (el) => !el.closest('[data-lc-stale]') && (el.offsetWidth || el.offsetHeight))"""


def find_chromium():
    """(path to a Chromium, None) or (None, why not)."""
    path = os.environ.get("CRM_LIFECYCLE_CHROMIUM")
    if path:
        return (path, None) if os.access(path, os.X_OK) else (
            None, "CRM_LIFECYCLE_CHROMIUM=%s is not an executable" % path)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, None
    return None, ("no Chromium on this machine (%s). Fix: run the setup scripts as root "
                  "(setup/browser.sh installs Debian's chromium), or set CRM_LIFECYCLE_CHROMIUM"
                  % ", ".join(CHROMIUM_NAMES))


def playwright_missing():
    """None when Playwright's Python package imports, else why not."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return "Playwright is not installed in this environment (%s). Fix: bash setup/browser.sh" % error
    return None


def slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "screen"


class WebClient(object):
    """One browser, one page, reused for every screen; `problems` collects what failed."""

    def __init__(self, base_url, executable, screens_dir, timeout=30.0):
        from playwright.sync_api import sync_playwright
        self.base_url = base_url
        self.screens_dir = screens_dir
        self.timeout = timeout
        self.problems = []
        self.screens = []
        self._errors = []
        self._inflight = {}
        self._quiet_since = time.time()
        # Odoo 17+ caps its own address space (limit_memory_hard, RLIMIT_AS); Chromium's V8
        # reserves more than that at start and dies (SIGTRAP): the browser and its driver
        # start without the cap, which the test process gets back afterwards.
        saved = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (saved[1], saved[1]))
        try:
            self._pw = sync_playwright().start()
            # --no-sandbox: CI and the setup scripts run as root, where Chromium's sandbox refuses
            self.browser = self._pw.chromium.launch(
                executable_path=executable, headless=True,
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        finally:
            resource.setrlimit(resource.RLIMIT_AS, saved)
        self.context = self.browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
        self.page = self.context.new_page()
        self.page.set_default_timeout(timeout * 1000)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._errors.append("JavaScript error: %s" % error))
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_done)
        self.page.on("requestfailed", self._on_done)
        self.page.on("response", self._on_response)

    # -- events ----------------------------------------------------------------------------
    def _on_console(self, message):
        if message.type == "error" and not NOT_JS.match(message.text):
            self._errors.append("console error: %s" % message.text[:2000])

    @staticmethod
    def _counted(request):
        # the bus's long-polling (11) and websocket (17+) stay open as long as the page
        return request.resource_type not in ("websocket", "eventsource") \
            and "/longpolling/" not in request.url and "/websocket" not in request.url

    def _on_request(self, request):
        if self._counted(request):
            self._inflight[request] = request.url
            self._quiet_since = time.time()

    def _on_done(self, request):
        if self._inflight.pop(request, None) is not None:
            self._quiet_since = time.time()

    def _on_response(self, response):
        if response.status >= 500:
            self._errors.append("HTTP %d from %s" % (response.status, response.url))

    def close(self):
        try:
            self.browser.close()
        finally:
            self._pw.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- waiting ---------------------------------------------------------------------------
    def settle(self, quiet=0.3, timeout=15.0):
        """Until no request has been in flight for `quiet` seconds (bus long-polling aside)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.page.wait_for_timeout(50)
            if not self._inflight and time.time() - self._quiet_since >= quiet:
                return True
        self._errors.append("requests still pending after %ds: %s" % (
            timeout, ", ".join(sorted(set(self._inflight.values())))[:500]))
        self._inflight = {}
        return False

    def wait_view(self, view_type):
        # an empty list or kanban of 11 shows the action's help instead of the view
        selector = VIEW_SELECTORS.get(view_type, ".o_view_controller") + ", " + NOCONTENT
        error = None
        try:
            self.page.wait_for_function(
                "(sel) => (%s)(sel) || !!document.querySelector(%r)" % (_FRESH_JS, ERROR_DIALOGS),
                arg=selector, timeout=self.timeout * 1000, polling=100)
        except Exception as exc:  # noqa: B902 (a timeout is reported with the screen)
            error = "the %s view did not appear in %ds (%s)" % (view_type, self.timeout, type(exc).__name__)
        self.settle()
        return error

    # -- session ---------------------------------------------------------------------------
    def login(self, login, password):
        self.page.goto(self.base_url + "/web/login", wait_until="domcontentloaded")
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation(wait_until="load"):
            self.page.click("form button[type=submit]")
        self.page.wait_for_selector(".o_main_navbar, .o_main_content, .o_action_manager",
                                    timeout=self.timeout * 1000)
        self.settle()
        self._take("0-%s-home" % login)

    def logout(self):
        self.page.goto(self.base_url + "/web/session/logout", wait_until="load")

    # -- screens ---------------------------------------------------------------------------
    def action_url(self, action_id, view_type, record_id=None, model=None):
        if SERIES >= 18:
            if view_type == "form" and record_id:
                return "/odoo/action-%d/%d" % (action_id, record_id)
            return "/odoo/action-%d?view_type=%s" % (action_id, view_type)
        fragment = "action=%d&view_type=%s" % (action_id, view_type)
        if model:
            fragment += "&model=%s" % model
        if record_id:
            fragment += "&id=%d" % record_id
        return "/web#" + fragment

    def go(self, path, view_type):
        """Open `path` in the web client already loaded: the legacy and 17's clients follow
        a new hash, 18+'s a history state, without loading the page again (a fraction of
        the time on a loaded machine)."""
        self._errors = []
        self.page.evaluate(_MARK_STALE_JS)
        here = self.page.url
        if path.startswith("/web#") and here.startswith(self.base_url + "/web"):
            self.page.evaluate("(hash) => { window.location.hash = hash; }", path[len("/web"):])
        elif path.startswith("/odoo/") and here.startswith(self.base_url + "/odoo"):
            # 18+'s router loads the state of a popstate that carries one (as Back does)
            self.page.evaluate("""(url) => {
                window.history.pushState({}, '', url);
                window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));
            }""", path)
        else:
            return self._load(path, view_type)
        error = self.wait_view(view_type)
        if error:
            # the client did not follow (the same route again, a route it keeps): load it anew
            return self._load(path, view_type)
        return None

    def _load(self, path, view_type):
        # a new page: going to a URL that differs only by its hash would stay in this one
        self.page.goto("about:blank")
        self.page.goto(self.base_url + path, wait_until="load")
        return self.wait_view(view_type)

    def check(self, name, view_type, expected=None, shot=True):
        """Look at the screen on the page now: errors, an error dialog, emptiness (when the
        database has `expected` > 0 rows for it); screenshot it. Returns its problems."""
        problems = list(self._errors)
        self._errors = []
        dialog = self.page.query_selector(ERROR_DIALOGS)
        if dialog:
            problems.append("error dialog: %s" % (dialog.inner_text() or "")[:1500])
        content = None
        if view_type in ("list", "kanban", "pivot", "graph") and expected:
            content = self.page.evaluate(_CONTENT_JS, view_type)
            if (content["nocontent"] or content["rows"] == 0) and content["facets"]:
                # the action's default filters hide the rows: take them off and look again
                self._errors = []
                self.page.evaluate(_MARK_STALE_JS)
                for _facet in range(content["facets"]):
                    remove = self.page.query_selector(".o_searchview_facet .o_facet_remove")
                    if not remove:
                        break
                    remove.click()
                    self.settle()
                self.wait_view(view_type)
                problems.extend(self._errors)
                self._errors = []
                content = self.page.evaluate(_CONTENT_JS, view_type)
            if content["nocontent"] or content["rows"] == 0:
                problems.append("empty %s view, though the database has %d rows for it" % (
                    view_type, expected))
        path = self._take(name, view_type) if shot else None
        self.screens.append({"name": name, "view": view_type, "screenshot": path, "problems": problems})
        for problem in problems:
            self.problems.append("%s [%s]: %s" % (name, view_type, problem))
        return problems

    def _take(self, name, view_type=None):
        index = len(self.screens) + 1
        path = os.path.join(self.screens_dir, "%03d-%s%s.png" % (
            index, slug(name), "-" + view_type if view_type else ""))
        os.makedirs(self.screens_dir, exist_ok=True)
        try:
            self.page.screenshot(path=path)
        except Exception as exc:  # noqa: B902 (a screenshot that fails is a problem of its own)
            self.problems.append("%s: no screenshot (%s)" % (name, exc))
            return None
        return path

    def click(self, selector, view_type=None):
        self._errors = []
        self.page.evaluate(_MARK_STALE_JS)
        target = self.page.locator(selector).first
        more = self.page.locator(".o_button_more").first
        if not target.is_visible() and more.count() and more.is_visible():
            more.click()  # the form folds its smart buttons past the first few under "More"
        # a dialog left open over the screen swallows the click: say which, and close it
        # (the next screens start clean) instead of waiting for the click to time out
        blocking = self.open_dialog()
        if blocking is not None:
            self._errors.append("a dialog covers the screen, %s cannot be clicked: %s" % (selector, blocking))
            self.close_dialogs()
            return "no click"
        try:
            target.click(timeout=10000)
        except Exception as exc:  # noqa: B902 (reported with the screen)
            blocking = self.open_dialog()
            self._errors.append("could not click %s (%s)%s" % (
                selector, type(exc).__name__, ": a dialog covers it: %s" % blocking if blocking else ""))
            self.close_dialogs()
            return "no click"
        if view_type:
            return self.wait_view(view_type)
        self.settle()
        return None

    def open_dialog(self):
        """The text of a dialog open over the page, or None."""
        for dialog in self.page.query_selector_all(OPEN_DIALOGS):
            if dialog.is_visible():
                return " ".join((dialog.inner_text() or "").split())[:300]
        return None

    def close_dialogs(self):
        for _attempt in range(3):
            if self.open_dialog() is None:
                return
            self.page.keyboard.press("Escape")
            self.settle()

    def wait_any_view(self):
        """After a click that opens an action: the type of the view it opened (None when no
        new view came, the problem recorded for the screen's check)."""
        selector = ", ".join(list(VIEW_SELECTORS.values()) + [NOCONTENT])
        try:
            self.page.wait_for_function(
                "(sel) => (%s)(sel) || !!document.querySelector(%r)" % (_FRESH_JS, ERROR_DIALOGS),
                arg=selector, timeout=self.timeout * 1000, polling=100)
        except Exception as exc:  # noqa: B902 (reported with the screen)
            self._errors.append("no view opened in %ds (%s)" % (self.timeout, type(exc).__name__))
        self.settle()
        return self.current_view_type()

    def current_view_type(self):
        return self.page.evaluate("""() => {
            const types = %s;
            for (const [type, sel] of Object.entries(types)) {
                if ([...document.querySelectorAll(sel)].some((el) => !el.closest('[data-lc-stale]')
                        && (el.offsetWidth || el.offsetHeight))) return type;
            }
            return null;
        }""" % (repr(VIEW_SELECTORS).replace("'", '"')))
