# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LifecycleBacktestLine(models.Model):
    _name = "crm.lifecycle.backtest.line"
    _description = "Churn model backtest decile"
    _order = "decile"

    backtest_id = fields.Many2one("crm.lifecycle.backtest", required=True, ondelete="cascade")
    decile = fields.Integer(help="1 = the customers predicted to buy most.")
    customers = fields.Integer()
    predicted = fields.Float("Predicted purchases")
    actual = fields.Float("Actual purchases")
    baseline_history = fields.Float("Baseline: own history",
                                    help="Purchases the customers' own rate before the cutoff predicts.")
    baseline_last = fields.Float("Baseline: last period",
                                 help="Purchases the customers made in the period before the cutoff.")
