# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS


class LifecycleReportSatisfaction(models.Model):
    """NPS / CSAT / CES trend by month, stage and segment.

    One row per counted answer (crm_lifecycle_survey's table), with the stage it was given
    in and the customer's RFM segment. Averages in a pivot give the KPI directly:
    NPS = avg(nps_points) with promoters 100, passives 0, detractors -100 (i.e. %
    promoters - % detractors); CSAT = avg(csat_satisfied) with 100 for a 4-5 answer, 0
    otherwise; CES = avg(ces_score), the mean effort of the CES answers on their scale
    (crm_lifecycle_survey.scales: 1 very easy to 7 very hard, lower is better)."""
    _name = "crm.lifecycle.report.satisfaction"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: satisfaction"
    _auto = False
    _order = "date desc, id desc"
    _report_rows = "s"

    date = fields.Date(readonly=True)
    month = fields.Date(readonly=True)
    kind = fields.Selection([("nps", "NPS"), ("csat", "CSAT"), ("ces", "CES")], readonly=True)
    score = fields.Integer(readonly=True, **compat.aggregator("avg"))
    category = fields.Selection([("promoter", "Promoter"), ("passive", "Passive"),
                                 ("detractor", "Detractor")], readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", string="Stage when answered", readonly=True)
    trigger = fields.Selection([("ticket", "Ticket closed"), ("delivery", "Delivery"),
                                ("onboarding", "Onboarding"), ("relationship", "Relationship"),
                                ("manual", "Manual")], readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment (today)", readonly=True)
    nps_points = fields.Float("NPS", readonly=True, **compat.aggregator("avg"), digits=(16, 1),
                              help="% promoters - % detractors of the NPS answers.")
    csat_satisfied = fields.Float("CSAT (%)", readonly=True, **compat.aggregator("avg"), digits=(16, 1),
                                  help="Share of CSAT answers of 4 or 5.")
    ces_score = fields.Float("CES (avg 1-7)", readonly=True, **compat.aggregator("avg"), digits=(16, 2),
                             help="Mean effort of the CES answers, 1 very easy to 7 very hard: "
                                  "lower is better.")
    answer_count = fields.Integer("Answers", readonly=True)

    def _shared_columns(self):
        # the account owner when the answer was given, as the survey recorded it
        return dict(super()._shared_columns(), user_id="s.user_id")

    def _select(self):
        return super()._select() + """,
       s.id, s.date, date_trunc('month', s.date)::date AS month, s.kind, s.score, s.category,
       s.team_id, s.stage_id, s.trigger, p.rfm_segment,
       CASE WHEN s.kind = 'nps' THEN CASE s.category WHEN 'promoter' THEN 100
                                                     WHEN 'detractor' THEN -100 ELSE 0 END END
           AS nps_points,
       CASE WHEN s.kind = 'csat' THEN CASE WHEN s.score >= 4 THEN 100 ELSE 0 END END
           AS csat_satisfied,
       CASE WHEN s.kind = 'ces' THEN s.score END AS ces_score,
       1 AS answer_count"""

    def _from(self):
        return """crm_lifecycle_satisfaction s
  JOIN res_company c ON c.id = s.company_id
  LEFT JOIN crm_lifecycle_profile p
         ON p.partner_id = s.partner_id AND p.company_id = s.company_id"""
