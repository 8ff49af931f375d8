# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .. import compat


class RatingRating(models.Model):
    _inherit = "rating.rating"

    lifecycle_satisfaction_ids = fields.One2many("crm.lifecycle.satisfaction", "rating_id",
                                                 string="Counted as", readonly=True)

    @compat.model_create
    def create(self, vals):
        records = super().create(vals)
        self._lifecycle_count(records.filtered("consumed"))
        return records

    def write(self, vals):
        # rating_apply (the customer's click in the e-mail, the rating page) writes the
        # value and `consumed`: the rating is counted in that transaction, once
        result = super().write(vals)
        if vals.get("consumed") or ("rating" in vals and vals.get("rating")):
            self._lifecycle_count(self.filtered("consumed"))
        return result

    def _lifecycle_count(self, ratings):
        if ratings:
            self.env["crm.lifecycle.satisfaction"].sudo()._ingest_ratings(ratings)
