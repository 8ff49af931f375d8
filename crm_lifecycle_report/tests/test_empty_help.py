# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every list, kanban or report the three addons open says, while it is empty, what to do
to fill it (the action's help)."""
from odoo.tests import common

from odoo.addons.crm_lifecycle import compat


class TestEmptyHelp(common.TransactionCase):

    def test_every_screen_says_what_to_do_when_empty(self):
        actions = self.env["ir.actions.act_window"].search([])
        ours = actions.filtered(lambda a: a.xml_id.split(".")[0] in compat.OUR_MODULES
                                and a.target != "new")
        self.assertGreater(len(ours), 25)
        missing = [a.xml_id for a in ours if not (a.help or "").strip()]
        self.assertEqual(missing, [])
        # the new ones in Odoo's empty-screen pattern, a title then what to do
        for action in ours:
            self.assertGreaterEqual(action.help.count("<p"), 1, action.xml_id)
