# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools

from ..engine import queries

SERIES = [("actual", "Actual purchases"), ("model", "BG/NBD model"),
          ("rate", "Own-rate baseline"), ("last", "Last-period baseline")]


class LifecycleBacktestCalibration(models.Model):
    """A backtest's deciles, one row per decile and series (what happened, what the model
    and each baseline predicted): the calibration graph draws the series side by side,
    which a graph of the deciles' columns cannot, having one measure at a time."""
    _name = "crm.lifecycle.backtest.calibration"
    _description = "Churn model backtest calibration"
    _auto = False
    _order = "decile, series"

    backtest_id = fields.Many2one("crm.lifecycle.backtest", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    decile = fields.Integer(readonly=True, help="1 = the customers predicted to buy most.")
    series = fields.Selection(SERIES, readonly=True)
    purchases = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(queries.BACKTEST_CALIBRATION_VIEW)
