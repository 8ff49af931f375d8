# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mixin of the forms where customers are entered (res.partner, crm.lead): while the
user types, the matching existing customers show in a notice on the form (a non-stored
computed field) and a popup when saving would be refused; create and write refuse a match
by a key set to "block" unless the user is a Lifecycle Manager (engine/dupcheck.py). Each
model says which of its values are compared in _lifecycle_duplicate_args."""
from odoo import _, fields, models

from .. import compat
from ..engine import dupcheck


class LifecycleDuplicateCheck(models.AbstractModel):
    _name = "crm.lifecycle.duplicate.check"
    _description = "Duplicate check at entry"

    # The fields whose change runs the check again (create, write, the form).
    _lifecycle_duplicate_fields = ()

    lifecycle_duplicate_hint = fields.Text(
        "Possible duplicates", compute="_compute_lifecycle_duplicate_hint",
        help="Existing customers with the same VAT, email, company email domain, phone or name "
             "(the keys switched on in the lifecycle settings).")

    def _lifecycle_duplicate_args(self):
        """(values, exclude_ids, company_id) for dupcheck, or None when the record is not
        checked; values: vat, email, phones, name, is_company."""
        return None

    def _compute_lifecycle_duplicate_hint(self):
        for record in self:
            args = record._lifecycle_duplicate_args()
            record.lifecycle_duplicate_hint = dupcheck.hint(record.env, *args) if args else False

    def _lifecycle_duplicate_warning(self):
        """The onchange's popup: only when saving would be refused (the notice on the form
        says the rest without interrupting the user)."""
        if dupcheck.overrides(self.env):
            return None
        for record in self:
            args = record._lifecycle_duplicate_args()
            mode = dupcheck.modes(record.env)
            blocking = [k for k in dupcheck.KEYS if mode[k] == "block"]
            rows = dupcheck.find(record.env, *args, keys=blocking) if args and blocking else []
            if rows:
                return {"warning": {
                    "title": _("Duplicate customer"),
                    "message": _("This looks like an existing customer; it cannot be saved:\n%s")
                    % "\n".join("- " + line for line in dupcheck.describe(record.env, rows))}}
        return None

    def _lifecycle_duplicate_block(self):
        if dupcheck.overrides(self.env):
            return
        for record in self:
            args = record._lifecycle_duplicate_args()
            if args:
                dupcheck.check_block(record.env, *args, what=record.display_name)

    @compat.model_create
    def create(self, vals):
        records = super().create(vals)
        records._lifecycle_duplicate_block()
        return records

    def write(self, vals):
        result = super().write(vals)
        if set(vals).intersection(self._lifecycle_duplicate_fields):
            self._lifecycle_duplicate_block()
        return result
