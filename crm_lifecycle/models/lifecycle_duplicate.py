# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from .. import access, compat, window
from ..engine import dupcheck, queries


class LifecycleDuplicate(models.Model):
    """A likely duplicate customer: `duplicate_id` looks like `partner_id` (the older one,
    proposed as the survivor). Rows are rebuilt set-based by action_refresh
    (engine/queries.py, DUPLICATE_REFRESH, with the keys of the check at entry), never typed in."""
    _name = "crm.lifecycle.duplicate"
    _description = "Duplicate Customer Candidate"
    _order = "partner_id, duplicate_id"
    _rec_name = "duplicate_id"

    partner_id = fields.Many2one("res.partner", string="Customer (kept)", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    duplicate_id = fields.Many2one("res.partner", string="Likely duplicate", required=True, readonly=True,
                                   index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="cascade")
    match_vat = fields.Boolean("Same VAT", readonly=True)
    match_email = fields.Boolean("Same email", readonly=True)
    match_domain = fields.Boolean("Same email domain", readonly=True,
                                  help="Two companies whose email addresses share a domain that is not "
                                       "a public mail provider's.")
    match_phone = fields.Boolean("Same phone", readonly=True)
    match_name = fields.Boolean("Same name", readonly=True,
                                help="Equal after removing case, punctuation and legal forms "
                                     "(Ltd, Inc, 有限公司...).")
    partner_email = fields.Char(related="partner_id.email", readonly=True, string="Email (kept)")
    duplicate_email = fields.Char(related="duplicate_id.email", readonly=True, string="Email (duplicate)")

    _sql_constraints = [
        ("pair_unique", "UNIQUE(partner_id, duplicate_id)", "A pair of customers is listed once."),
    ]

    def _check_manager(self):
        access.check_manager(
            self.env, _("Only Lifecycle Managers can search for or merge duplicate customers."))

    @api.model
    def _refresh(self):
        """Rebuild the list for the whole database in one statement; returns the row count."""
        compat.flush(self.env)
        self.env.cr.execute(queries.DUPLICATE_REFRESH, {
            "uid": self.env.uid, "public_domains": dupcheck.PUBLIC_EMAIL_DOMAINS})
        count = self.env.cr.rowcount
        compat.invalidate(self.env)
        return count

    @api.model
    def action_refresh(self):
        self._check_manager()
        self._refresh()
        return self.action_open()

    @api.model
    def action_open(self):
        access.check_user(self.env)
        return window.action(self._name, "tree", name=_("Duplicate customers"), target="current")

    def action_merge(self):
        """Open Odoo's merge wizard on the pair, the older customer as the survivor."""
        self.ensure_one()
        self._check_manager()
        partners = self.partner_id | self.duplicate_id
        wizard = self.env["base.partner.merge.automatic.wizard"].with_context(
            active_model="res.partner", active_ids=partners.ids).create({
                "state": "selection", "partner_ids": [(6, 0, partners.ids)],
                "dst_partner_id": self.partner_id.id})
        return window.action(wizard._name, "form", name=_("Merge duplicate customers"), res_id=wizard.id,
                             target="new")
