# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import bounds


class LifecyclePoolStageDays(models.Model):
    """Release days for the customers of one lifecycle stage (overrides the default)."""
    _name = "crm.lifecycle.pool.stage.days"
    _description = "Customer Pool Release Days per Stage"
    _order = "stage_id"

    config_id = fields.Many2one("crm.lifecycle.config", required=True, ondelete="cascade")
    stage_id = fields.Many2one("crm.lifecycle.stage", required=True, ondelete="cascade")
    days = fields.Integer("Release after (days)", required=True,
                          help="0 = customers in this stage are never released.")

    @api.constrains(*bounds.fields_of("crm.lifecycle.pool.stage.days"))
    def _check_bounds(self):
        bounds.check(self)

    _sql_constraints = [
        ("stage_unique", "UNIQUE(stage_id)", "Each stage has one number of release days."),
    ]

    @api.constrains("days")
    def _check_days(self):
        for line in self:
            if line.days < 0:
                raise ValidationError(_("%s: Release after (days) cannot be negative.") % line.stage_id.name)
