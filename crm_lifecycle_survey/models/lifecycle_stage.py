# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import bounds, compat

# At most this many promoter answers in two years can be asked of an Advocate.
STAGE_BOUNDS = {"min_promoters": (1, 100, "whole")}



class LifecycleStage(models.Model):
    """The Advocate rule: an active customer whose recent NPS answers are promoters."""
    _inherit = "crm.lifecycle.stage"

    code = fields.Selection(**compat.selection_add([("advocate", "Advocate")], {"advocate": "set null"}))
    min_promoters = fields.Integer(
        string="Minimum promoter answers", default=2,
        help="Advocate: at least this many promoter NPS answers (9-10) in the last two years, "
             "no detractor answer in the last year, and orders within the active window.")

    @compat.model_create
    def create(self, vals):
        for values in (vals if isinstance(vals, list) else [vals]):
            bounds.check_vals(self, values, STAGE_BOUNDS)
        return super().create(vals)

    def write(self, vals):
        bounds.check_vals(self, vals, STAGE_BOUNDS)
        return super().write(vals)

    @api.constrains("code", "min_promoters")
    def _check_advocate(self):
        for stage in self:
            if stage.code == "advocate" and stage.min_promoters < 1:
                raise ValidationError(_("%s: 'Minimum promoter answers' must be at least 1.")
                                      % stage.name)

    @api.model
    def _explain(self, row, params):
        if row["rule_code"] != "advocate":
            return super()._explain(row, params)
        return _("Advocate: at least %s promoter NPS answers in two years, no detractor in the "
                 "last year, last order %s days ago.") % (
            params.get("advocate_promoters"), row["recency_days"])
