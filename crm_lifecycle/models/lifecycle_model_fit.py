# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import access, compat
from ..engine import churn, queries, recompute as engine
from .lifecycle_backtest import GRADES

# each fit is graded by a backtest over the half year before it (the backtests' default)
GRADE_HORIZON_DAYS = 180


class LifecycleModelFit(models.Model):
    """One fit of the churn (BG/NBD) and spend (Gamma-Gamma) models on a company's own
    confirmed orders. Only a converged fit is ever used; too little data or a failed fit
    is kept too, so that the fallback to the cadence heuristic is explained."""
    _name = "crm.lifecycle.model.fit"
    _description = "Churn and lifetime value model fit"
    _order = "fit_date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    fit_date = fields.Date(required=True, readonly=True, help="Orders up to this day were used.")
    state = fields.Selection(
        [("valid", "Valid"), ("insufficient", "Too little data: cadence heuristic used"),
         ("failed", "Did not converge: cadence heuristic used")], required=True, readonly=True)
    message = fields.Char(readonly=True)
    customers = fields.Integer(readonly=True)
    repeat_buyers = fields.Integer(readonly=True)
    r = fields.Float(digits=(16, 6), readonly=True)
    alpha = fields.Float(digits=(16, 6), readonly=True)
    a = fields.Float(digits=(16, 6), readonly=True)
    b = fields.Float(digits=(16, 6), readonly=True)
    bgnbd_log_likelihood = fields.Float("BG/NBD log-likelihood", readonly=True)
    gg_p = fields.Float("p", digits=(16, 6), readonly=True)
    gg_q = fields.Float("q", digits=(16, 6), readonly=True)
    gg_gamma = fields.Float("gamma", digits=(16, 6), readonly=True)
    gg_log_likelihood = fields.Float("Gamma-Gamma log-likelihood", readonly=True)
    grade = fields.Selection(
        GRADES, readonly=True,
        help="From a backtest over the half year before the fit, against two naive baselines "
             "(the customer's own average rate; as many purchases as in the previous half year). "
             "A: clearly better than both, with a total near what happened; B: better; C: no "
             "better than a baseline, read its predictions with caution. Empty when the orders "
             "before that half year give no converged fit.")
    grade_note = fields.Char("Grade detail", readonly=True)

    @api.model
    def _current_params(self):
        """{company_id: (BG/NBD parameters, Gamma-Gamma parameters)} of each company's
        latest valid fit, in one statement: a one-customer refresh asks."""
        compat.flush_model(self.env, self._name)
        # a fit dated after today (a clock set back, a bad import) never becomes current
        self.env.cr.execute(queries.CURRENT_FITS, {"today": compat.today(self.env)})
        return {row[0]: (dict(zip(("r", "alpha", "a", "b"), map(float, row[1:5]))),
                         dict(zip(("p", "q", "gamma"), map(float, row[5:8]))))
                for row in self.env.cr.fetchall()}

    @api.model
    def _latest(self, company_ids, valid=False):
        """{company_id: its latest fit} (or its latest valid one up to today, the one the
        engine predicts with), sudo: profiles say what a salesman may not read itself."""
        domain = [("company_id", "in", list(company_ids))]
        if valid:
            domain += [("state", "=", "valid"),
                       ("fit_date", "<=", compat.date_field_value(compat.today(self.env)))]
        latest = {}
        for fit in self.sudo().search(domain):  # newest first (_order)
            latest.setdefault(fit.company_id.id, fit)
        return latest

    @api.constrains("fit_date")
    def _check_fit_date(self):
        today = compat.today(self.env)
        for fit in self:
            if compat.to_date(fit.fit_date) > today:
                raise ValidationError(_("A model fit cannot be dated after today (%s).") % today)

    @api.model
    def _refit(self, ref_date=None):
        """Fit every company's models on its orders up to ref_date (default today, never
        later). Private: the weekly job and the managers' button call it."""
        today = compat.today(self.env)
        ref_date = compat.to_date(ref_date) or today
        if ref_date > today:
            raise UserError(_("A model fit cannot be dated after today (%s).") % today)
        config = self.env["crm.lifecycle.config"]._get_config()
        fits = self.browse()
        events = None
        for company_id, summary in churn.order_summaries(self.env, ref_date).items():
            state, message, bgnbd, gamma_gamma = churn.fit(summary, config.clv_min_repeat_buyers)
            values = {
                "company_id": company_id, "fit_date": ref_date, "state": state, "message": message,
                "customers": len(summary["frequency"]),
                "repeat_buyers": int((summary["frequency"] > 0).sum()),
            }
            if bgnbd is not None:
                values.update(bgnbd.params, bgnbd_log_likelihood=bgnbd.log_likelihood)
            if gamma_gamma is not None:
                values.update(gg_p=gamma_gamma["p"], gg_q=gamma_gamma["q"], gg_gamma=gamma_gamma["gamma"],
                              gg_log_likelihood=gamma_gamma.log_likelihood)
            if state == "valid":
                if events is None:
                    events = churn.order_events(self.env, ref_date)
                values.update(self._grade_values(events.get(company_id), ref_date, config))
            fits |= self.sudo().create(values)
        return fits

    @api.model
    def _grade_values(self, events, ref_date, config):
        """The grade of a fit made at ref_date, from a backtest over the horizon before it."""
        if events is None:
            return {}
        cutoff = ref_date - datetime.timedelta(days=GRADE_HORIZON_DAYS)
        grade, result = churn.grade_fit(events, cutoff, GRADE_HORIZON_DAYS, config.clv_min_repeat_buyers,
                                        config.churn_threshold)
        if grade is None:
            return {"grade": False, "grade_note": _("No converged fit on the orders up to %s: not graded.")
                    % cutoff}
        return {"grade": grade, "grade_note": _(
            "Backtest from %(cutoff)s over %(days)s days: mean error per customer %(model).2f purchases, "
            "against %(rate).2f (own average rate) and %(last).2f (previous period); %(predicted).0f "
            "purchases predicted, %(actual).0f made.") % {
                "cutoff": cutoff, "days": GRADE_HORIZON_DAYS, "model": result["mae_model"],
                "rate": result["mae_rate"], "last": result["mae_last"],
                "predicted": result["predicted_total"], "actual": result["actual_total"]}}

    @api.model
    def _cron_refit(self):
        def refit_and_recompute(env):
            env[self._name]._refit()
            return engine.recompute(env)
        return engine.run_job(self.env, refit_and_recompute)

    @api.model
    def action_refit(self):
        profiles = self.env["crm.lifecycle.profile"]
        profiles._check_manager()
        profiles._check_all_companies()
        fits = self._refit()
        engine.recompute(self.env)
        return compat.notification(_("Lifecycle"), _("%s model fit(s) stored.") % len(fits))

    def unlink(self):
        access.check_manager(self.env, _("Only Lifecycle Managers can delete model fits."))
        return super().unlink()
