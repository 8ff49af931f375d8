# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Across the three addons: every view they define or extend renders (as the web client
asks for it), for an administrator and for a salesperson, and every menu opens."""
from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import testing

MODULES = ("crm_lifecycle", "crm_lifecycle_survey", "crm_lifecycle_report")


class TestViewsRender(testing.class_test_case()):
    # Odoo tags test classes by the addon their module lives in; these live in none.
    test_module = "crm_lifecycle"
    test_tags = {"standard", "at_install"}

    def our_records(self, model):
        data = self.env["ir.model.data"].search([("module", "in", MODULES), ("model", "=", model)])
        return self.env[model].browse(data.mapped("res_id")).exists()

    def test_every_view_renders(self):
        # QWeb templates (the PDF reports) have no model: crm_lifecycle_report's tests render them
        views = self.our_records("ir.ui.view").filtered(lambda v: v.type != "qweb")
        self.assertGreater(len(views), 10)
        salesman = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "View checker", "login": "lc_view_checker",
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])]})
        for view in views:
            arch = testing.render_view(self.env, view)
            self.assertTrue(arch, view.name)
            if view.inherit_id and view.model in ("res.partner", "crm.lead", "helpdesk.ticket"):
                self.assertIn("lifecycle_", arch, "%s adds lifecycle fields" % view.name)
            as_salesman = testing.as_user(self.env["ir.ui.view"], salesman).env
            if as_salesman[view.model].check_access_rights("read", raise_exception=False):
                testing.render_view(as_salesman, view)  # managers-only screens stay closed

    def test_every_menu_opens_an_action(self):
        menus = self.our_records("ir.ui.menu")
        self.assertTrue(menus)
        for menu in menus.filtered("action"):
            action = menu.action
            self.assertTrue(action.exists(), menu.name)
            if action._name == "ir.actions.act_window":
                self.assertIn(action.res_model, self.env, menu.name)
                self.env[action.res_model].search([], limit=1)
            elif action._name == "ir.actions.server":
                self.assertIn(action.model_id.model, self.env, menu.name)
