# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_lifecycle import compat

from ..models.report_objective import check_period


class LifecycleReviewWizard(models.TransientModel):
    """Which company and period the Lifecycle review PDF summarises: one of the companies
    the user may access."""
    _name = "crm.lifecycle.report.review.wizard"
    _description = "Print the lifecycle review"

    def _default_from(self):
        today = compat.today(self.env)
        return compat.date_field_value(today - datetime.timedelta(days=365))

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: compat.current_company(self.env))
    date_from = fields.Date("From", required=True, default=lambda self: self._default_from())
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)

    def _company_allowed(self):
        self.ensure_one()
        return compat.is_superuser(self.env) or self.company_id in self.env.user.company_ids

    @compat.model_create
    def create(self, vals):
        wizards = super().create(vals)
        wizards._check_review_company()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        if "company_id" in vals:
            self._check_review_company()
        return result

    def _check_review_company(self):
        """Called from create/write, not a constraint: Odoo 19 runs constraints as
        superuser, for whom every company is allowed."""
        for wizard in self:
            if not wizard._company_allowed():
                raise ValidationError(_("Company: %s is not one of your companies.")
                                      % wizard.company_id.sudo().display_name)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            check_period(wizard.date_from, wizard.date_to)

    def action_print(self):
        self.ensure_one()
        self._check_review_company()
        return self.env.ref("crm_lifecycle_report.action_report_lifecycle_review").report_action(self)
