# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.engine import queries
from odoo.addons.crm_lifecycle_survey import bounds

KPIS = [
    ("retention_rate", "Customer retention rate (%)"),
    ("repeat_rate", "Repeat-purchase rate (%)"),
    ("churn_rate", "Churn rate (%)"),
    ("nps", "NPS"),
    ("active_customers", "Active customers"),
]
# Lower is better for these; higher for the rest.
LOWER_IS_BETTER = ("churn_rate",)
# Targets (readme/CONFIGURE.rst): rates 0-100 %, NPS -100-100, active customers up to
# MAX_CUSTOMERS; any target is checked against the widest range before it is written.
MAX_CUSTOMERS = 10000000
OBJECTIVE_BOUNDS = {"target": (-100, MAX_CUSTOMERS, "real")}
# The longest period an objective or a review covers (ten years).
MAX_PERIOD_DAYS = 3660


def check_period(date_from, date_to):
    """A period's start and end in order and at most MAX_PERIOD_DAYS long."""
    date_from, date_to = compat.to_date(date_from), compat.to_date(date_to)
    if date_from > date_to:
        raise ValidationError(_("To: the period must end on or after its start (From)."))
    if (date_to - date_from).days > MAX_PERIOD_DAYS:
        raise ValidationError(_("To: a period covers at most %s days (ten years).")
                              % MAX_PERIOD_DAYS)

# Each KPI's actual over [date_from, date_to] for one company (and optionally one
# salesperson's customers), from the engine's confirmed orders and the survey answers.
# Every query returns (numerator, denominator); the KPI is 100 x num / den, or num alone
# for active customers. Parameters: company_id, user_id (NULL = everybody), date_from, date_to.
_CUSTOMERS = """
    AND (%(user_id)s::integer IS NULL OR partner_id IN (
        SELECT partner_id FROM crm_lifecycle_profile
         WHERE company_id = %(company_id)s AND user_id = %(user_id)s))
"""


def kpi_sql(kpi, orders):
    """The KPI's statement. `orders` is the engine's order scope for the KPIs counted from
    orders (queries.order_scope_sql: fixed text, bound), unused by the NPS."""
    if kpi in ("retention_rate", "churn_rate"):
        return """
WITH """ + orders + """,
base AS (SELECT DISTINCT partner_id FROM orders
          WHERE company_id = %(company_id)s """ + _CUSTOMERS + """
            AND d >= %(date_from)s::date - 365 AND d < %(date_from)s::date),
kept AS (SELECT DISTINCT partner_id FROM orders
          WHERE company_id = %(company_id)s AND d BETWEEN %(date_from)s AND %(date_to)s)
SELECT count(kept.partner_id), count(*) FROM base LEFT JOIN kept USING (partner_id)
"""
    if kpi == "repeat_rate":
        return """
WITH """ + orders + """,
buyers AS (SELECT partner_id, count(*) AS n FROM orders
            WHERE company_id = %(company_id)s """ + _CUSTOMERS + """ AND d <= %(date_to)s::date
            GROUP BY partner_id
           HAVING max(d) >= %(date_from)s::date)
SELECT count(*) FILTER (WHERE n >= 2), count(*) FROM buyers
"""
    if kpi == "active_customers":
        return """
WITH """ + orders + """
SELECT count(DISTINCT partner_id), 1 FROM orders
 WHERE company_id = %(company_id)s """ + _CUSTOMERS + """
   AND d BETWEEN %(date_to)s::date - 364 AND %(date_to)s::date
"""
    if kpi == "nps":
        return """
SELECT count(*) FILTER (WHERE category = 'promoter') - count(*) FILTER (WHERE category = 'detractor'),
       count(*)
  FROM crm_lifecycle_satisfaction
 WHERE kind = 'nps' AND company_id = %(company_id)s """ + _CUSTOMERS + """
   AND date BETWEEN %(date_from)s AND %(date_to)s
"""
    raise ValueError(kpi)


class LifecycleReportObjective(models.Model):
    """A measurable target for one KPI over one period, with the actual computed from the
    ERP's records by the definition shown next to it."""
    _name = "crm.lifecycle.report.objective"
    _description = "Lifecycle objective"
    _order = "date_from desc, kpi"

    name = fields.Char(required=True, translate=True)
    kpi = fields.Selection(KPIS, string="KPI", required=True)
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: compat.current_company(self.env))
    user_id = fields.Many2one("res.users", string="Salesperson",
                              help="Only this salesperson's customers (empty: all customers).")
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    target = fields.Float(required=True, digits=(16, 1))
    actual = fields.Float(compute="_compute_actual", digits=(16, 1))
    base_count = fields.Integer("Measured on", compute="_compute_actual",
                                help="Customers (or answers, for NPS) the rate is measured on.")
    achieved = fields.Boolean(compute="_compute_actual")
    definition = fields.Text(compute="_compute_definition")

    @compat.model_create
    def create(self, vals):
        for values in (vals if isinstance(vals, list) else [vals]):
            bounds.check_vals(self, values, OBJECTIVE_BOUNDS)
        return super().create(vals)

    def write(self, vals):
        bounds.check_vals(self, vals, OBJECTIVE_BOUNDS)
        return super().write(vals)

    @api.constrains("date_from", "date_to", "target", "kpi")
    def _check_values(self):
        for objective in self:
            check_period(objective.date_from, objective.date_to)
            if objective.kpi == "nps" and not -100 <= objective.target <= 100:
                raise ValidationError(_("Target: an NPS target lies between -100 and 100."))
            if objective.kpi in ("retention_rate", "repeat_rate", "churn_rate") \
                    and not 0 <= objective.target <= 100:
                raise ValidationError(_("Target: a rate target lies between 0 and 100 (%)."))
            if objective.kpi == "active_customers" and not 0 <= objective.target <= MAX_CUSTOMERS:
                raise ValidationError(_("Target: a number of customers lies between 0 and %s.")
                                      % MAX_CUSTOMERS)

    @api.constrains("user_id", "company_id")
    def _check_salesperson(self):
        for objective in self:
            user = objective.user_id.sudo()
            if user and not (user.active and not user.share
                             and objective.company_id in user.company_ids):
                raise ValidationError(_("Salesperson: %s is not an active internal user of %s.")
                                      % (user.display_name, objective.company_id.display_name))

    @api.model
    def _definitions(self):
        return {
            "retention_rate": _("Customers who ordered in the 365 days before the period and "
                                "ordered again during it, as a share of the former."),
            "churn_rate": _("100 - retention rate: customers who ordered in the 365 days before "
                            "the period and did not order during it, as a share of the former."),
            "repeat_rate": _("Customers who ordered during the period and have at least two "
                             "confirmed orders up to its end, as a share of those who ordered."),
            "nps": _("Net Promoter Score of the NPS answers dated in the period: % promoters "
                     "(9-10) - % detractors (0-6)."),
            "active_customers": _("Customers with a confirmed order in the 365 days up to the "
                                  "period's end."),
        }

    @api.depends("kpi")
    def _compute_definition(self):
        definitions = self._definitions()
        for objective in self:
            objective.definition = definitions.get(objective.kpi, "")

    @api.model
    def _kpi_actual(self, kpi, company, date_from, date_to, user=None):
        """(actual, base) of a KPI; actual is None when there is nothing to measure."""
        compat.flush(self.env)
        query = kpi_sql(kpi, queries.order_scope_sql(self.env.cr) if kpi != "nps" else "")
        self.env.cr.execute(query, {
            "company_id": company.id, "user_id": user.id if user else None,
            "date_from": compat.to_date(date_from), "date_to": compat.to_date(date_to)})
        num, den = self.env.cr.fetchone()
        if kpi == "active_customers":
            return float(num), num
        if not den:
            return None, 0
        value = 100.0 * num / den
        return (100.0 - value if kpi == "churn_rate" else value), den

    @api.depends("kpi", "company_id", "user_id", "date_from", "date_to", "target")
    def _compute_actual(self):
        for objective in self:
            actual, base = None, 0
            if objective.kpi and objective.company_id and objective.date_from and objective.date_to:
                actual, base = self._kpi_actual(objective.kpi, objective.company_id,
                                               objective.date_from, objective.date_to,
                                               objective.user_id)
            objective.actual = actual or 0.0
            objective.base_count = base
            if actual is None:
                objective.achieved = False
            elif objective.kpi in LOWER_IS_BETTER:
                objective.achieved = actual <= objective.target
            else:
                objective.achieved = actual >= objective.target
