# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def action_feedback(self, feedback=False, **kwargs):
        # Marking a follow-up's activity done closes the follow-up with the feedback as
        # its outcome (unless the follow-up itself is closing it): after the mail module
        # did it, so that only a user allowed to mark the activity done closes the loop.
        followups = self.env["crm.lifecycle.followup"]
        if not self.env.context.get("lifecycle_followup_closing"):
            followups = followups.sudo().search(
                [("activity_id", "in", self.ids), ("state", "=", "open")])
        result = super().action_feedback(feedback=feedback, **kwargs)
        for followup in followups:
            followup._mark_done(feedback or _("Activity done"))
        return result
