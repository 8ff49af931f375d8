# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The duplicate check at entry on the customer form: a customer (a company, or a person
without one) is compared with the existing customers by VAT, email, company email domain,
phones and name; a contact person of a company is not checked (it is not a customer of
its own), nor a supplier only."""
from odoo import api, models

from .. import compat

_CHECKED = ("name", "vat", "email", "is_company", "parent_id") + compat.PARTNER_PHONE_COLUMNS


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.lifecycle.duplicate.check"]
    _lifecycle_duplicate_fields = _CHECKED

    def _lifecycle_duplicate_args(self):
        self.ensure_one()
        if self.parent_id or not compat.partner_is_customer(self):
            return None
        values = {"vat": self.vat, "email": self.email, "name": self.name, "is_company": self.is_company,
                  "phones": [self[column] for column in compat.PARTNER_PHONE_COLUMNS]}
        return values, [compat.origin_id(self)], self.company_id.id

    @api.depends(*_CHECKED)
    def _compute_lifecycle_duplicate_hint(self):
        return super()._compute_lifecycle_duplicate_hint()

    @api.onchange(*_CHECKED)
    def _onchange_lifecycle_duplicate(self):
        return self._lifecycle_duplicate_warning()
