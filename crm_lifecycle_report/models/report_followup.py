# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat

from . import sql_sources


class LifecycleReportFollowup(models.Model):
    """Follow-up SLA compliance: unhappy answers called back by their deadline.

    One row per follow-up of an unhappy answer (crm_lifecycle_survey), not cancelled.
    within_sla: 100 when done on or before its deadline, 0 when done late or still open
    past it, NULL while open and not due yet (not judged); its average is the SLA
    compliance."""
    _name = "crm.lifecycle.report.followup"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: follow-up SLA"
    _auto = False
    _order = "date_deadline desc, id desc"
    _report_rows = "f"

    user_id = fields.Many2one(string="Owner")
    state = fields.Selection([("open", "Open"), ("done", "Done")], readonly=True)
    date_deadline = fields.Date("Due", readonly=True)
    date_done = fields.Date("Done on", readonly=True)
    month = fields.Date("Due month", readonly=True)
    kind = fields.Selection([("nps", "NPS"), ("csat", "CSAT"), ("ces", "CES")], readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage when answered", readonly=True)
    within_sla = fields.Float("Within SLA (%)", readonly=True, **compat.aggregator("avg"), digits=(16, 1))
    days_late = fields.Integer("Days after deadline", readonly=True, **compat.aggregator("avg"))
    followup_count = fields.Integer("Follow-ups", readonly=True)

    def _shared_columns(self):
        # the follow-up's owner, who calls the customer back
        return dict(super()._shared_columns(), user_id="f.user_id")

    def _select(self):
        return super()._select() + """,
       f.id, f.state, f.date_deadline, f.date_done,
       date_trunc('month', f.date_deadline)::date AS month, s.kind, s.stage_id,
       CASE WHEN f.state = 'done' AND f.date_done <= f.date_deadline THEN 100
            WHEN f.state = 'done' OR f.date_deadline < """ + sql_sources.TODAY + """ THEN 0 END AS within_sla,
       CASE WHEN f.state = 'done' THEN f.date_done - f.date_deadline END AS days_late,
       1 AS followup_count"""

    def _from(self):
        return """crm_lifecycle_followup f
  JOIN res_company c ON c.id = f.company_id
  LEFT JOIN crm_lifecycle_satisfaction s ON s.id = f.satisfaction_id"""

    def _where(self):
        return "f.state != 'cancel'"
