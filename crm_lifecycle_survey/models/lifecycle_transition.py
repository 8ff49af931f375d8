# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .. import compat


class LifecycleTransition(models.Model):
    """A stage change records the rule that fired: the Advocate rule is one of them (its
    code missing from the selection broke 17's form of such a change, found by the browser
    check)."""
    _inherit = "crm.lifecycle.transition"

    rule_code = fields.Selection(**compat.selection_add([("advocate", "Advocate")], {"advocate": "set null"}))
