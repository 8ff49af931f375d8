# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import access, compat
from ..engine import churn, queries, recompute as engine


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
            fits |= self.sudo().create(values)
        return fits

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
