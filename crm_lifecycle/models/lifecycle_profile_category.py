# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .. import compat
from ..engine import queries


class LifecycleProfileCategory(models.Model):
    """One customer's purchases of one product category, with its own rhythm there;
    brought up to date by every recompute of the customer (engine/categories.py), never typed in.
    Stopped: bought at least twice, and not for longer than k times its usual gap."""
    _name = "crm.lifecycle.profile.category"
    _description = "Customer Purchases per Product Category"
    _order = "stopped desc, annual_value desc, id"
    _rec_name = "categ_id"

    profile_id = fields.Many2one("crm.lifecycle.profile", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one(related="profile_id.user_id", string="Salesperson", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product category", required=True,
                               readonly=True, index=True, ondelete="cascade")
    purchases = fields.Integer("Purchase days", readonly=True, **compat.aggregator("sum"))
    first_date = fields.Date("First purchase", readonly=True)
    last_date = fields.Date("Last purchase", readonly=True)
    gap_days = fields.Float("Usual gap (days)", readonly=True, **compat.aggregator("avg"),
                            help="Median days between the customer's purchases of this category.")
    days_since = fields.Integer("Days since last purchase", readonly=True, **compat.aggregator("avg"))
    stopped = fields.Boolean("Stopped buying", readonly=True, index=True)
    next_date = fields.Date(
        "Next purchase expected", readonly=True,
        help="Last purchase plus the usual gap, for a category bought at least twice.")
    overdue_days = fields.Integer(
        "Days overdue", readonly=True, **compat.aggregator("avg"),
        help="Days since the next purchase of the category was expected (0: not yet due).")
    annual_value = fields.Monetary(
        "Annual revenue", readonly=True,
        help="The category's revenue from this customer per year of its history: the revenue "
             "at risk when it has stopped buying it.")

    _sql_constraints = [
        ("customer_category_unique", "UNIQUE(partner_id, company_id, categ_id)",
         "A customer has one row per product category and company."),
    ]

    def init(self):
        self.env.cr.execute(queries.CATEGORY_STORAGE)
