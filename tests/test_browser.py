# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every screen of the three addons in a real browser: a small company built through the
ERP's flows (the demo builder, committed so that a server process sees it), a real Odoo
server on the test database, headless Chromium logged in as a manager and as a salesman.
Each menu and each window action of the addons (taken from the database, so that a new
screen is checked without touching this file) is opened in every view of its view_mode,
then the partner form's lifecycle tab and smart buttons, a ticket and an opportunity. A
JavaScript error, a server error dialog or an empty view where the user's rows exist
fails it. Screenshots: .work/screens/<series>/<user>/ (CRM_LIFECYCLE_SCREENS elsewhere).

Runs in `make test`; skipped when no Chromium or no Playwright is installed, unless
CRM_LIFECYCLE_BROWSER_REQUIRED=1 (setup/test.sh sets it when run as root, as CI is), where
that is a failure.
"""
import datetime
import os
import re
import shutil
import time
import unittest

from lxml import etree

from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import browser, demo_company, live_server, testing

MODULES = ("crm_lifecycle", "crm_lifecycle_survey", "crm_lifecycle_report")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANAGER = ("lc_browser_manager", "lc-browser-manager-pw")
SALESMAN_PASSWORD = "lc-browser-salesman-pw"
VIEW_TYPES = ("list", "form", "pivot", "graph", "kanban", "calendar")
# an action whose domain or context reads the record it was opened from: opened by a
# button of that record (the partner form's below), not on its own
NEEDS_RECORD = re.compile(r"\bactive_ids?\b")


def screens_dir():
    base = os.environ.get("CRM_LIFECYCLE_SCREENS") or os.path.join(
        os.environ.get("CRM_LIFECYCLE_WORK") or os.path.join(ROOT, ".work"), "screens")
    return os.path.join(base, str(compat.SERIES))


def build_company(env):
    """The demo company, small (ten customers over a year), with its satisfaction history,
    computed profiles, an objective and the duplicate search; then the two users. Built
    once per database (the demo builder skips a built one)."""
    demo_company.build(env, seed=20, customers=10, months=12, log=lambda *a: None)
    if "crm.lifecycle.satisfaction" in env:
        from odoo.addons.crm_lifecycle_survey.tools import demo_survey
        demo_survey.build(env, seed=20, share=1.0, log=lambda *a: None)
    env["crm.lifecycle.profile"].api_recompute()
    if "crm.lifecycle.report.objective" in env and not env["crm.lifecycle.report.objective"].search_count([]):
        today = compat.to_date(datetime.date.today())
        env["crm.lifecycle.report.objective"].create({
            "name": "Active customers", "kpi": "active_customers", "target": 8,
            "date_from": str(today - datetime.timedelta(days=365)), "date_to": str(today)})
    if "crm.lifecycle.duplicate" in env:
        env["crm.lifecycle.duplicate"].action_refresh()
    groups = ["base.group_user", "sales_team.group_sale_manager", "crm_lifecycle.group_lifecycle_manager",
              "helpdesk_mgmt.group_helpdesk_manager", "survey.group_survey_manager"]
    Users = env["res.users"].with_context(no_reset_password=True, active_test=False)
    manager = Users.search([("login", "=", MANAGER[0])])
    values = {"name": "Browser manager", "login": MANAGER[0], "password": MANAGER[1], "active": True,
              "tz": "UTC", compat.USER_GROUPS_FIELD: [(6, 0, [env.ref(g).id for g in groups])]}
    if manager:
        manager.write(values)
    else:
        manager = Users.create(values)
    # a salesman of the demo company, who owns some of its customers
    salesman = Users.search([("login", "=", demo_company.SALESPEOPLE[0][1])])
    salesman.write({"password": SALESMAN_PASSWORD, "tz": "UTC"})
    return {"manager": manager.id, "salesman": salesman.id}


def _eval(text, env, default):
    if not text:
        return default
    context = env["ir.actions.actions"]._get_eval_context()
    context.update(uid=env.uid, context_today=datetime.date.today, relativedelta=datetime.timedelta,
                   active_id=False, active_ids=[])
    try:
        from dateutil.relativedelta import relativedelta
        context["relativedelta"] = relativedelta
        return safe_eval(text, context)
    except Exception:  # noqa: B902 (what the client evaluates with its own context: not counted)
        return None


def plan_screens(env, user_id):
    """What `user_id` may open: [(label, action id, model, view types, rows, a record id)],
    from the addons' menus and window actions, with what was left out and why."""
    user = env["res.users"].browse(user_id)
    as_user = testing.as_user(env["ir.ui.menu"], user).env
    data = env["ir.model.data"].search([("module", "in", MODULES),
                                        ("model", "in", ("ir.ui.menu", "ir.actions.act_window"))])
    menu_ids = [d.res_id for d in data if d.model == "ir.ui.menu"]
    visible = as_user["ir.ui.menu"].search([("id", "in", menu_ids)])
    labels, actions = {}, []
    for menu in visible.sorted(lambda m: (m.complete_name or m.name)):
        action = menu.sudo().action
        if action and action._name == "ir.actions.act_window" and action.id not in labels:
            labels[action.id] = menu.complete_name or menu.name
            actions.append(action.sudo())
    for d in data.filtered(lambda d: d.model == "ir.actions.act_window").sorted("res_id"):
        action = env["ir.actions.act_window"].browse(d.res_id).exists()
        if action and action.id not in labels:
            labels[action.id] = "%s (action %s)" % (action.name, d.name)
            actions.append(action)
    screens, skipped = [], []
    for action in actions:
        label = labels[action.id]
        if action.target == "new":
            skipped.append("%s: a dialog (target new), opened from its button" % label)
            continue
        if NEEDS_RECORD.search("%s %s" % (action.domain or "", action.context or "")):
            skipped.append("%s: needs the record it is opened from" % label)
            continue
        if action.res_model not in as_user:
            skipped.append("%s: model %s not installed" % (label, action.res_model))
            continue
        model = as_user[action.res_model]
        if not model.check_access_rights("read", raise_exception=False):
            skipped.append("%s: %s not readable by %s" % (label, action.res_model, user.login))
            continue
        # groups on the action (groups_id, group_ids on 19): the web client refuses it to others
        groups = action["group_ids" if "group_ids" in action._fields else "groups_id"]
        if groups and not any(user.has_group(xmlid) for xmlid in groups.get_external_id().values() if xmlid):
            skipped.append("%s: action restricted to other groups" % label)
            continue
        views = []
        for mode in (action.view_mode or "").split(","):
            mode = "list" if mode.strip() == "tree" else mode.strip()
            if mode in VIEW_TYPES and mode not in views:
                views.append(mode)
            elif mode:
                skipped.append("%s: view type %s not checked" % (label, mode))
        domain = _eval(action.domain, as_user, [])
        rows, record = None, None
        if domain is not None:
            ctx = _eval(action.context, as_user, {}) or {}
            model = model.with_context(**{key: value for key, value in ctx.items()
                                          if not key.startswith(("search_default", "default_"))})
            rows = model.search_count(domain)
            record = model.search(domain, limit=1).id or None
        screens.append((label, action.id, action.res_model, views, rows, record))
    return screens, skipped


def special_records(env, user_id):
    """A customer with a profile, an open ticket and an opportunity the user may read."""
    user = env["res.users"].browse(user_id)
    as_user = testing.as_user(env["res.partner"], user).env

    def first(model, domain):
        if model not in as_user or not as_user[model].check_access_rights("read", raise_exception=False):
            return None
        return as_user[model].search(domain, limit=1, order="id").id or None
    # the partner form's buttons of the addons that open a screen: not those that ask for a
    # confirmation first (they change the customer: releasing it to the pool) nor Refresh
    arch = etree.fromstring(testing.render_view(as_user, env.ref("base.view_partner_form")))
    # 11's client renders a smart button without its name: found there by its icon
    buttons = [(b.get("name"), bool(b.xpath("ancestor::page[@name='lifecycle']")),
                ".oe_stat_button:has(.%s):visible" % b.get("icon") if compat.V11 and b.get("icon")
                else "button[name=%s]:visible" % b.get("name"))
               for b in arch.xpath("//button[@type='object'][starts-with(@name, 'action_lifecycle_')]")
               if not b.get("confirm") and b.get("name") != "action_lifecycle_refresh"]
    profile = as_user["crm.lifecycle.profile"].search([("order_count", ">", 1)], limit=1, order="id")
    return {
        "partner": profile.partner_id.id or first("res.partner", [("is_company", "=", True)]),
        "ticket": first("helpdesk.ticket", []),
        "lead": first("crm.lead", [("type", "=", "opportunity")]),
        "partner_buttons": buttons,
        "partner_action": env.ref("base.action_partner_form").id,
        "ticket_action": env.ref("helpdesk_mgmt.helpdesk_ticket_action").id,
        "lead_action": env.ref("crm.crm_lead_opportunities").id
        if env.ref("crm.crm_lead_opportunities", raise_if_not_found=False)
        else env.ref("crm.crm_lead_all_leads").id,
    }


class TestBrowser(testing.class_test_case()):
    test_module = "crm_lifecycle"
    test_tags = {"standard", "post_install"}

    def setUp(self):
        super().setUp()
        why = browser.playwright_missing()
        executable, reason = browser.find_chromium()
        why = why or reason
        if why:
            if os.environ.get("CRM_LIFECYCLE_BROWSER_REQUIRED") == "1":
                self.fail("the browser check must run here: %s" % why)
            raise unittest.SkipTest("browser check skipped: %s" % why)
        self.executable = executable

    def visit_user(self, client, login, password, user_id):
        db = self.env.cr.dbname
        screens, skipped = live_server.committed(db, lambda env: plan_screens(env, user_id))
        special = live_server.committed(db, lambda env: special_records(env, user_id))
        client.login(login, password)
        for label, action_id, model, views, rows, record in screens:
            for view in views:
                if view == "form" and not record:
                    continue  # a report's form without a row: nothing to open
                name = label
                error = client.go(client.action_url(action_id, view, record if view == "form" else None,
                                                    model), view)
                if error:
                    client.problems.append("%s: %s" % (name, error))
                client.check(name, view, expected=rows)
        # the partner form: its lifecycle tab, then each smart button of the addons
        partner = special["partner"]
        self.assertTrue(partner, "%s sees a customer with a profile" % login)
        form = client.action_url(special["partner_action"], "form", partner, "res.partner")
        client.problems.extend("%s partner form: %s" % (login, e) for e in [client.go(form, "form")] if e)
        client.check("%s partner form" % login, "form")
        # any copy in sight (11 keeps the earlier screens' hidden forms in the page), found
        # as the clicks below find it (11 renders a smart button without its name)
        profile_button = [sel for name, _tab, sel in special["partner_buttons"]
                          if name == "action_lifecycle_open_profile"]
        if not profile_button or not client.page.locator(profile_button[0]).count():
            client.problems.append("%s partner form: the lifecycle button is not in sight (folded "
                                   "under More?)" % login)
        tab = ".o_notebook a[name=lifecycle], .o_notebook .nav-link:has-text('Lifecycle'), " \
              ".nav-tabs a:has-text('Lifecycle')"
        client.click(tab)
        client.check("%s partner lifecycle tab" % login, "form")
        buttons = special["partner_buttons"]
        self.assertTrue(buttons, "%s sees the lifecycle buttons on the partner form" % login)
        for button, in_tab, selector in buttons:
            error = client.go(form, "form")
            if error:
                client.problems.append("%s partner form: %s" % (login, error))
            if in_tab:
                client.click(tab)
            if client.click(selector):
                client.check("%s partner button %s" % (login, button), "form")
                continue
            view = client.wait_any_view() or "form"
            client.check("%s partner button %s" % (login, button), view)
        for kind in ("ticket", "lead"):
            if special[kind]:
                model = "helpdesk.ticket" if kind == "ticket" else "crm.lead"
                error = client.go(client.action_url(special[kind + "_action"], "form", special[kind], model),
                                  "form")
                if error:
                    client.problems.append("%s %s form: %s" % (login, kind, error))
                client.check("%s %s form" % (login, kind), "form")
        client.logout()
        return len(screens), skipped

    def test_a_dialog_over_the_screen_is_reported(self):
        """A dialog left open swallows the next click: the check says which dialog, at once,
        instead of a click that times out; a free button is clicked as usual."""
        with browser.WebClient("http://127.0.0.1:9", self.executable, screens_dir()) as client:
            client.page.set_content(
                '<button id="free" onclick="this.textContent=\'clicked\'">free</button>'
                '<div class="modal show" style="display:block;position:fixed;inset:0">'
                '<div class="modal-content">Discard the changes?</div></div>'
                '<button id="covered">covered</button>')
            client.page.evaluate("document.querySelector('.modal').style.display = 'none'")
            self.assertIsNone(client.click("#free"))
            self.assertEqual(client.page.inner_text("#free"), "clicked")
            self.assertEqual(client._errors, [])
            client.page.evaluate("document.querySelector('.modal').style.display = 'block'")
            started = time.time()
            self.assertEqual(client.click("#covered"), "no click")
            self.assertLess(time.time() - started, 8, "reported before the click's own timeout")
            self.assertEqual(client._errors, [
                "a dialog covers the screen, #covered cannot be clicked: Discard the changes?"])

    def test_every_screen_in_chromium(self):
        db = self.env.cr.dbname
        t0 = time.time()
        users = live_server.committed(db, build_company)
        built = time.time() - t0
        url = live_server.start(self)
        out = screens_dir()
        shutil.rmtree(out, ignore_errors=True)
        counts = {}
        with browser.WebClient(url, self.executable, out) as client:
            for login, password, key in ((MANAGER[0], MANAGER[1], "manager"),
                                         (None, SALESMAN_PASSWORD, "salesman")):
                if login is None:
                    login = live_server.committed(db, lambda env: env["res.users"].browse(users[key]).login)
                client.screens_dir = os.path.join(out, key)
                before = len(client.screens)
                actions, skipped = self.visit_user(client, login, password, users[key])
                counts[key] = (actions, len(client.screens) - before, skipped)
            problems = client.problems
        with open(os.path.join(out, "summary.txt"), "w") as summary:
            summary.write("Odoo %s.0: data %.0fs, browser %.0fs\n" % (
                compat.SERIES, built, time.time() - t0 - built))
            for key, (actions, screens, skipped) in counts.items():
                summary.write("%s: %d actions, %d screens\n" % (key, actions, screens))
                summary.writelines("  not opened: %s\n" % s for s in skipped)
            summary.writelines("PROBLEM %s\n" % p for p in problems)
        self.assertGreater(counts["manager"][1], 40, "the manager's screens were opened")
        self.assertGreater(counts["salesman"][1], 20, "the salesman's screens were opened")
        self.assertEqual(problems, [], "problems on screen (screenshots in %s)" % out)
