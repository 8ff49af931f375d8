# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .. import compat


class LifecycleScoreBand(models.Model):
    """Where each score starts, per company, as ranked by the last full recompute.
    Refreshing a few customers scores them against these bands, so one customer's
    refresh does not re-rank everybody, and a manager can see why a score is what it is."""
    _name = "crm.lifecycle.score.band"
    _description = "Customer Score Band"
    _order = "company_id, dimension, score desc"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", index=True)
    dimension = fields.Selection(
        [("r", "Recency (days, at most)"), ("f", "Frequency (orders, at least)"),
         ("m", "Monetary (revenue, at least)"), ("abc", "ABC class (revenue, at least)")],
        required=True)
    score = fields.Integer(required=True, help="1-5 for R, F, M; 3 = A and 2 = B for ABC.",
                           **compat.aggregator("avg"))
    threshold = fields.Float(required=True)
    population = fields.Integer(help="Customers with this score at the last full recompute.")
