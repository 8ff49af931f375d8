# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The mixin of the documents whose changes mark their customer for the next incremental
refresh. The documents themselves inherit it in their own file (sale_order.py,
account_move.py, account_payment.py, stock_picking.py, crm_lead.py, helpdesk_ticket.py),
each listing DOCUMENT_FIELDS plus its own fields that the engine reads."""
from odoo import models

from .. import compat
from ..engine import recompute as engine

# A bulk import (the demo builder) that recomputes every customer once at its end sets this
# context key: marking the customer of every document it writes would only cost time.
NO_MARK_CONTEXT = "crm_lifecycle_no_mark"


class LifecycleTracked(models.AbstractModel):
    _name = "crm.lifecycle.tracked"
    _description = "Marks the customer of a changed document for a lifecycle refresh"

    # The fields of the document the engine reads (directly, or through lines that change
    # its stored amounts): a write that touches none of them leaves the customer as it
    # was, and marks nothing. Names a series does not have are simply never written.
    _lifecycle_tracked_fields = ()

    def _lifecycle_mark(self):
        if self.env.context.get(NO_MARK_CONTEXT):
            return
        # gathered for the transaction (engine.mark_dirty); contacts resolve in SQL
        engine.mark_dirty(self.env, self.sudo().mapped("partner_id").ids)

    @compat.model_create
    def create(self, vals):
        records = super().create(vals)
        records._lifecycle_mark()
        return records

    def write(self, vals):
        if not set(vals).intersection(self._lifecycle_tracked_fields):
            return super().write(vals)
        if "partner_id" in vals:
            self._lifecycle_mark()  # the customer it leaves changes too
        result = super().write(vals)
        self._lifecycle_mark()
        return result

    def unlink(self):
        self._lifecycle_mark()
        return super().unlink()


# The fields every tracked document shares. The engine never reads a document's
# salesperson: reassigning leads or orders marks nothing.
DOCUMENT_FIELDS = ("partner_id", "commercial_partner_id", "company_id", "state", "active")
