# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_lifecycle import compat


class LifecycleReviewWizard(models.TransientModel):
    """Which company and period the Lifecycle review PDF summarises."""
    _name = "crm.lifecycle.report.review.wizard"
    _description = "Print the lifecycle review"

    def _default_from(self):
        today = compat.to_date(fields.Date.context_today(self))
        return compat.date_field_value(today - datetime.timedelta(days=365))

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: compat.current_company(self.env))
    date_from = fields.Date("From", required=True, default=_default_from)
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if compat.to_date(wizard.date_from) > compat.to_date(wizard.date_to):
                raise ValidationError(_("To: the period must end on or after its start (From)."))

    def action_print(self):
        self.ensure_one()
        return self.env.ref("crm_lifecycle_report.action_report_lifecycle_review").report_action(self)
