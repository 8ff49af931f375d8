# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_lifecycle import access, compat

from . import sql_sources

TILES = [("stage", "Customers in stage"), ("at_risk_value", "Annual value at risk"),
         ("value_at_risk", "Value at risk (churn model)"), ("nps", "NPS (last 90 days)"),
         ("overdue", "Overdue follow-ups")]
SCOPES = [("company", "Company"), ("salesperson", "My customers")]


class LifecycleReportDashboard(models.Model):
    """The lifecycle dashboard: one tile per figure, now and a month (or 90 days) ago.

    Tiles per company (scope Company) and per salesperson of the customers (scope My
    customers); the record rules show a salesman who sees only his own customers his own
    tiles, and the others the company's too. Figures: customers per stage today and 30 days
    ago (the stage history: a rolling month, which early in a calendar month still shows
    a month of movement), the annual value of the customers at risk, the
    churn model's value at risk (with a valid fit only), the NPS of the last 90 days
    against the 90 days before, and the follow-ups overdue today against those overdue 30
    days ago. A tile opens the list or report behind it."""
    _name = "crm.lifecycle.report.dashboard"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle dashboard"
    _auto = False
    _order = "scope, company_id, sequence, id"
    _report_rows = "g"

    scope = fields.Selection(SCOPES, readonly=True)
    tile = fields.Selection(TILES, readonly=True)
    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    sequence = fields.Integer(readonly=True)
    name = fields.Char(compute="_compute_name")
    value = fields.Float(readonly=True, digits=(16, 0))
    previous = fields.Float("Before", readonly=True, digits=(16, 0),
                            help="30 days ago (NPS: the 90 days before).")
    change = fields.Float(readonly=True, digits=(16, 0))

    def _shared_columns(self):
        return {"partner_id": "NULL::integer", "company_id": "g.company_id",
                "currency_id": "c.currency_id", "user_id": "g.user_id"}

    def _with(self):
        today = sql_sources.TODAY
        month = "(" + today + " - 30)"  # a month ago
        return """
prev_stage AS (
    SELECT DISTINCT ON (t.partner_id, t.company_id) t.partner_id, t.company_id, t.to_stage_id
      FROM crm_lifecycle_transition t
     WHERE t.date < """ + month + """
     ORDER BY t.partner_id, t.company_id, t.date DESC, t.id DESC
),
facts AS (
    SELECT p.company_id, p.user_id, 'stage' AS tile, p.stage_id,
           1.0 AS now, 0.0 AS before
      FROM crm_lifecycle_profile p WHERE p.stage_id IS NOT NULL
    UNION ALL
    SELECT p.company_id, p.user_id, 'stage', s.to_stage_id, 0.0, 1.0
      FROM prev_stage s
      JOIN crm_lifecycle_profile p ON p.partner_id = s.partner_id AND p.company_id = s.company_id
    UNION ALL
    SELECT p.company_id, p.user_id, 'at_risk_value', NULL, p.annual_value, NULL
      FROM crm_lifecycle_profile p
      JOIN crm_lifecycle_stage st ON st.id = p.stage_id AND st.code = 'at_risk'
    UNION ALL
    SELECT p.company_id, p.user_id, 'value_at_risk', NULL, p.value_at_risk, NULL
      FROM crm_lifecycle_profile p WHERE p.churn_basis = 'model'
    UNION ALL
    SELECT s.company_id, s.user_id, 'nps', NULL,
           CASE WHEN s.date > """ + today + """ - 90 THEN s.nps_points END,
           CASE WHEN s.date <= """ + today + """ - 90 THEN s.nps_points END
      FROM crm_lifecycle_satisfaction s
     WHERE s.kind = 'nps' AND s.date > """ + today + """ - 180 AND s.date <= """ + today + """
    UNION ALL
    SELECT f.company_id, f.user_id, 'overdue', NULL,
           CASE WHEN f.state = 'open' AND f.date_deadline < """ + today + """ THEN 1.0 ELSE 0.0 END,
           CASE WHEN f.state <> 'cancel' AND f.date_deadline < """ + month + """
                     AND f.create_date < """ + month + """
                     AND (f.date_done IS NULL OR f.date_done >= """ + month + """) THEN 1.0 ELSE 0.0 END
      FROM crm_lifecycle_followup f
),
-- the company's tiles and each salesperson's, in one pass; an NPS is the average of
-- the answers' points, every other figure a sum
tiles AS (
    SELECT f.company_id, f.user_id, f.tile, f.stage_id,
           CASE WHEN GROUPING(f.user_id) = 1 THEN 'company' ELSE 'salesperson' END AS scope,
           CASE WHEN f.tile = 'nps' THEN avg(f.now) ELSE sum(f.now) END AS value,
           CASE WHEN f.tile = 'nps' THEN avg(f.before) ELSE sum(f.before) END AS previous
      FROM facts f
     GROUP BY GROUPING SETS ((f.company_id, f.tile, f.stage_id),
                             (f.company_id, f.user_id, f.tile, f.stage_id))
    HAVING GROUPING(f.user_id) = 1 OR f.user_id IS NOT NULL
)"""

    def _select(self):
        return super()._select() + """,
       row_number() OVER (ORDER BY g.scope, g.company_id, g.user_id, g.tile, g.stage_id) AS id,
       g.scope, g.tile, g.stage_id,
       CASE g.tile WHEN 'stage' THEN COALESCE(st.sequence, 0) WHEN 'at_risk_value' THEN 1000
                   WHEN 'value_at_risk' THEN 1001 WHEN 'nps' THEN 1002 ELSE 1003 END AS sequence,
       g.value, g.previous, g.value - g.previous AS change"""

    def _from(self):
        return """tiles g
  JOIN res_company c ON c.id = g.company_id
  LEFT JOIN crm_lifecycle_stage st ON st.id = g.stage_id"""

    @api.depends("tile", "stage_id")
    def _compute_name(self):
        labels = dict(self.fields_get(["tile"])["tile"]["selection"])
        for tile in self:
            tile.name = tile.stage_id.name if tile.tile == "stage" else labels.get(tile.tile)

    def action_open(self):
        """The list or report behind the tile, in the tile's company (and salesperson)."""
        access.check_user(self.env)  # an RPC endpoint: lifecycle users, tiles they may read
        compat.check_access(self, "read")
        self.ensure_one()
        xml_id = {"stage": "crm_lifecycle.crm_lifecycle_profile_action",
                  "at_risk_value": "crm_lifecycle.crm_lifecycle_profile_at_risk_action",
                  "value_at_risk": "crm_lifecycle.crm_lifecycle_profile_at_risk_action",
                  "nps": "crm_lifecycle_report.crm_lifecycle_report_satisfaction_action",
                  "overdue": "crm_lifecycle_survey.crm_lifecycle_followup_overdue_action"}[self.tile]
        action = compat.action_values(self.env, xml_id)
        domain = safe_eval(action.get("domain") or "[]", {"uid": self.env.uid})
        domain.append(("company_id", "=", self.company_id.id))
        if self.scope == "salesperson":
            domain.append(("user_id", "=", self.user_id.id))
        if self.tile == "stage":
            domain.append(("stage_id", "=", self.stage_id.id))
            action["name"] = self.stage_id.name
        if self.tile == "nps":  # the trend: a line by month first
            domain.append(("kind", "=", "nps"))
            action["views"] = [(False, "graph"), (False, "pivot"), (False, compat.LIST_VIEW)]
            action["context"] = {"search_default_last_12_months": 1}
        action["domain"] = domain
        return action
