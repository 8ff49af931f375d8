# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import access, bounds, compat, window
from ..engine import churn

GRADES = [("A", "A"), ("B", "B"), ("C", "C")]


class LifecycleBacktest(models.Model):
    """Fit the churn model on the orders before a cutoff, predict the horizon after it,
    and compare with what happened: a company judges the model on its own data before
    trusting it."""
    _name = "crm.lifecycle.backtest"
    _description = "Churn model backtest"
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: compat.current_company(self.env))
    cutoff_date = fields.Date(required=True)
    horizon_days = fields.Integer(default=180, required=True)
    threshold = fields.Float("P(alive) threshold", default=0.5, required=True, **compat.aggregator("avg"))
    state = fields.Selection([("draft", "Draft"), ("done", "Done"), ("no_fit", "No valid fit")],
                             default="draft", readonly=True)
    message = fields.Char(readonly=True)
    customers = fields.Integer(readonly=True)
    flagged = fields.Integer("Flagged at risk", readonly=True)
    churned = fields.Integer("Bought nothing", readonly=True)
    precision = fields.Float("Precision (%)", readonly=True, **compat.aggregator("avg"))
    recall = fields.Float("Recall (%)", readonly=True, **compat.aggregator("avg"))
    predicted_total = fields.Float("Predicted purchases", readonly=True)
    actual_total = fields.Float("Actual purchases", readonly=True)
    mae_model = fields.Float("Model error", digits=(16, 3), readonly=True, **compat.aggregator("avg"),
                             help="Mean absolute error of each customer's predicted purchases "
                                  "in the horizon.")
    mae_rate = fields.Float("Own-rate baseline error", digits=(16, 3), readonly=True,
                            **compat.aggregator("avg"),
                            help="The same error for the customer's average rate before the cutoff "
                                 "times the horizon.")
    mae_last = fields.Float("Last-period baseline error", digits=(16, 3), readonly=True,
                            **compat.aggregator("avg"),
                            help="The same error for \"as many purchases as in the period of the same "
                                 "length before the cutoff\".")
    grade = fields.Selection(GRADES, readonly=True,
                             help="A: clearly better than both baselines, with a total near what happened; "
                                  "B: better than the baselines; C: no better than a baseline.")
    line_ids = fields.One2many("crm.lifecycle.backtest.line", "backtest_id", readonly=True)

    @api.constrains(*bounds.fields_of("crm.lifecycle.backtest"))
    def _check_bounds(self):
        bounds.check(self)

    def _compute_name(self):
        for test in self:
            test.name = _("Backtest %s + %s days") % (test.cutoff_date or "", test.horizon_days)

    @api.constrains("horizon_days", "threshold")
    def _check_values(self):
        for test in self:
            if test.horizon_days <= 0:
                raise UserError(_("Horizon (days) must be positive."))
            if not 0 < test.threshold < 1:
                raise UserError(_("P(alive) threshold must be between 0 and 1."))

    def action_run(self):
        self.ensure_one()
        access.check_manager(self.env, _("Only Lifecycle Managers can run a backtest."))
        compat.check_record_access(self, "write")
        cutoff = compat.to_date(self.cutoff_date)
        end = cutoff + datetime.timedelta(days=self.horizon_days)
        if end > compat.today(self.env):
            raise UserError(_("Cutoff date: the horizon must have passed (cutoff + %s days is after today).")
                            % self.horizon_days)
        events = churn.order_events(self.env, end, company_ids=[self.company_id.id]).get(self.company_id.id)
        config = self.env["crm.lifecycle.config"]._get_config()
        self.line_ids.unlink()
        if events is None:
            return self.write({"state": "no_fit", "message": _("No confirmed order before the cutoff.")})
        message, result = churn.backtest_at(events, cutoff, self.horizon_days,
                                            config.clv_min_repeat_buyers, self.threshold)
        if result is None:
            return self.write({"state": "no_fit", "message": message})
        return self.write({
            "mae_model": result["mae_model"], "mae_rate": result["mae_rate"], "mae_last": result["mae_last"],
            "grade": churn.grade(result),
            "state": "done", "message": message or False, "customers": result["customers"],
            "flagged": result["flagged"], "churned": result["churned"],
            "precision": 100 * result["precision"], "recall": 100 * result["recall"],
            "predicted_total": result["predicted_total"], "actual_total": result["actual_total"],
            "line_ids": [(0, 0, line) for line in result["deciles"]],
        })

    def action_open_calibration(self):
        """The calibration graph: predicted purchases (model and baselines) beside the actual
        ones, by decile of prediction."""
        self.ensure_one()
        access.check_user(self.env)
        compat.check_record_access(self, "read")
        return window.action("crm.lifecycle.backtest.calibration", "graph,pivot", name=_("Calibration"),
                             domain=[("backtest_id", "=", self.id)])
