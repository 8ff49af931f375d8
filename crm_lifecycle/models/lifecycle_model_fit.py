# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import compat
from ..engine import churn


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
        self.env.cr.execute("""
            SELECT DISTINCT ON (company_id) company_id, r, alpha, a, b, gg_p, gg_q, gg_gamma
              FROM crm_lifecycle_model_fit
             WHERE state = 'valid'
             ORDER BY company_id, fit_date DESC, id DESC""")
        return {row[0]: (dict(zip(("r", "alpha", "a", "b"), map(float, row[1:5]))),
                         dict(zip(("p", "q", "gamma"), map(float, row[5:8]))))
                for row in self.env.cr.fetchall()}

    @api.model
    def refit(self, ref_date=None):
        """Fit every company's models on its orders up to ref_date (default today)."""
        ref_date = compat.to_date(ref_date) or compat.to_date(fields.Date.context_today(self))
        config = self.env["crm.lifecycle.config"].get_config()
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
    def cron_refit(self):
        self.refit()
        return self.env["crm.lifecycle.profile"].cron_recompute_all()

    @api.model
    def action_refit(self):
        self.env["crm.lifecycle.profile"]._check_manager()
        fits = self.refit()
        self.env["crm.lifecycle.profile"].cron_recompute_all()
        return compat.notification(_("Lifecycle"), _("%s model fit(s) stored.") % len(fits))

    def unlink(self):
        if not self.env.user.has_group("crm_lifecycle.group_lifecycle_manager"):
            raise UserError(_("Only Lifecycle Managers can delete model fits."))
        return super(LifecycleModelFit, self).unlink()
