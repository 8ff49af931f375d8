# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import bounds


class LifecycleConfigPool(models.Model):
    """Customer pool settings on the lifecycle settings record (managers only write it)."""
    _inherit = "crm.lifecycle.config"

    pool_release_days = fields.Integer(
        string="Release to pool after (days)", default=0, required=True,
        help="A customer whose salesperson logged no follow-up for this many days is released "
             "to the customer pool. 0 = never. Stages listed below use their own number.")
    pool_notice_days = fields.Integer(
        string="Notice before release (days)", default=7, required=True,
        help="The salesperson gets an activity this many days before the release; the release "
             "waits until the notice is at least this old.")
    pool_claim_limit = fields.Integer(
        string="Claim limit per salesperson", default=20, required=True,
        help="How many customers claimed from the pool a salesperson may hold at once "
             "(released or reassigned ones no longer count). 0 = no limit.")
    pool_stage_days_ids = fields.One2many(
        "crm.lifecycle.pool.stage.days", "config_id", string="Release days per stage")

    @api.constrains("pool_release_days", "pool_notice_days", "pool_claim_limit")
    def _check_pool_values(self):
        for config in self:
            if config.pool_release_days < 0:
                raise ValidationError(_("Release to pool after (days) cannot be negative."))
            if config.pool_notice_days < 0:
                raise ValidationError(_("Notice before release (days) cannot be negative."))
            if config.pool_claim_limit < 0:
                raise ValidationError(_("Claim limit per salesperson cannot be negative."))

    def _pool_params(self):
        self.ensure_one()
        return {"default_days": self.pool_release_days, "notice_days": self.pool_notice_days,
                "claim_limit": self.pool_claim_limit}


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
