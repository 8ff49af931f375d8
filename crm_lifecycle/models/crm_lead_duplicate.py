# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The duplicate check at entry on the lead form: a lead not linked to a customer yet is
compared with the existing customers by its email (and the email's domain when it names a
company), phones and company name (partner_name; the contact's own name is not compared:
people's names are too often shared). A lead linked to a customer is not checked."""
from odoo import api, models

from .. import compat

_CHECKED = ("partner_id", "partner_name", "email_from") + compat.LEAD_PHONE_FIELDS


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.lifecycle.duplicate.check"]
    _lifecycle_duplicate_fields = _CHECKED

    def _lifecycle_duplicate_args(self):
        self.ensure_one()
        if self.partner_id:
            return None
        values = {"email": self.email_from, "name": self.partner_name, "is_company": bool(self.partner_name),
                  "phones": [self[name] for name in compat.LEAD_PHONE_FIELDS]}
        return values, [], self.company_id.id

    @api.depends(*_CHECKED)
    def _compute_lifecycle_duplicate_hint(self):
        return super()._compute_lifecycle_duplicate_hint()

    @api.onchange(*_CHECKED)
    def _onchange_lifecycle_duplicate(self):
        return self._lifecycle_duplicate_warning()
