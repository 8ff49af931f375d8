# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

POOL_EVENTS = [("notice", "Notice"), ("release", "Release"), ("claim", "Claim"), ("assign", "Assignment")]


class LifecyclePoolEvent(models.Model):
    """The customer pool's history: notices, releases, claims and assignments, kept
    forever. Written by the pool's actions and cron only (bulk SQL)."""
    _name = "crm.lifecycle.pool.event"
    _description = "Customer Pool Event"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index=True,
                              help="Notice and release: the owner; claim and assignment: the new owner.")
    event = fields.Selection(POOL_EVENTS, required=True, readonly=True, index=True)
    date = fields.Date(required=True, readonly=True, index=True)
    reason = fields.Char(readonly=True)
    pool_id = fields.Many2one(
        "crm.lifecycle.pool", string="Customer pool", readonly=True, index=True, ondelete="restrict",
        help="The pool the customer was released to, claimed or assigned from, or would be "
             "released to (notice). Empty: the default pool (the settings' rules).")

    # the history is append-only: no unlink reaches the ORM's
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Pool history is kept: pool events cannot be deleted."))
