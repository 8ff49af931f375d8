# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, fields, models
from odoo.exceptions import AccessError

from .. import compat

_logger = logging.getLogger(__name__)


def may_write_invited_answers(env):
    """Who may write the answer of a satisfaction invitation: the survey pages (which act
    in sudo, the answer found by its token), the system, and survey officers. Odoo 11's
    survey module lets every user write every answer and answer line over RPC, so without
    this a portal user could answer (or spoil) any contact's invitation by its id."""
    return compat.is_superuser(env) or env.user.has_group("survey.group_survey_user")


def check_invited_answers(env, user_inputs):
    if not user_inputs or may_write_invited_answers(env):
        return
    invited = env["crm.lifecycle.survey.invitation"].sudo().search_count(
        [("user_input_id", "in", user_inputs.ids)])
    if invited:
        raise AccessError(_("A satisfaction survey invitation is answered through its own "
                            "link only."))


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    lifecycle_url = fields.Char("Survey link", compute="_compute_lifecycle_url")
    lifecycle_satisfaction_ids = fields.One2many("crm.lifecycle.satisfaction", "user_input_id",
                                                 readonly=True)

    def _compute_lifecycle_url(self):
        for user_input in self:
            user_input.lifecycle_url = compat.answer_url(user_input) if user_input.id else False

    def write(self, vals):
        check_invited_answers(self.env, self)
        # Both series finish an answer by writing state 'done' (17 through _mark_done):
        # the answer is counted, and any follow-up created, in that same transaction.
        finishing = self.browse()
        if vals.get("state") == "done":
            finishing = self.filtered(lambda ui: ui.state != "done")
        result = super().write(vals)
        if finishing:
            self.env["crm.lifecycle.satisfaction"].sudo()._ingest(finishing)
        return result

    def unlink(self):
        check_invited_answers(self.env, self)
        return super().unlink()
