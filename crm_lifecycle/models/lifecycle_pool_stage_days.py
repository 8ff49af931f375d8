# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import bounds


class LifecyclePoolStageDays(models.Model):
    """Release days for the customers of one lifecycle stage (overrides the default), in
    the default pool (config_id: the settings) or in one customer pool (pool_id)."""
    _name = "crm.lifecycle.pool.stage.days"
    _description = "Customer Pool Release Days per Stage"
    _order = "stage_id"

    config_id = fields.Many2one("crm.lifecycle.config", ondelete="cascade")
    pool_id = fields.Many2one("crm.lifecycle.pool", string="Customer pool", ondelete="cascade", index=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", required=True, ondelete="cascade")
    days = fields.Integer("Release after (days)", required=True,
                          help="0 = customers in this stage are never released.")

    @api.constrains(*bounds.fields_of("crm.lifecycle.pool.stage.days"))
    def _check_bounds(self):
        bounds.check(self)

    _sql_constraints = [
        # NULLS NOT DISTINCT (PostgreSQL 15): one line per stage in the default pool too
        ("stage_unique", "UNIQUE NULLS NOT DISTINCT (stage_id, pool_id)",
         "Each stage has one number of release days per pool."),
        ("one_owner", "CHECK((config_id IS NULL) != (pool_id IS NULL))",
         "Release days per stage belong to the settings or to one customer pool."),
    ]

    @api.constrains("days")
    def _check_days(self):
        for line in self:
            if line.days < 0:
                raise ValidationError(_("%s: Release after (days) cannot be negative.") % line.stage_id.name)
