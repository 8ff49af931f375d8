# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.models.lifecycle_profile import RFM_SEGMENTS
from odoo.addons.crm_lifecycle_survey import bounds

from . import sql_sources

# Settings (ir.config_parameter) behind the two flags whose threshold is a choice.
PARAM_UNINVOICED_DAYS = "crm_lifecycle_report.uninvoiced_days"
PARAM_REFUND_RATIO = "crm_lifecycle_report.refund_ratio"
DEFAULT_UNINVOICED_DAYS = 30
DEFAULT_REFUND_RATIO = 0.2
# Their bounds (readme/CONFIGURE.rst), checked when the parameter is saved: days 0-3650, a
# ratio (refunded / invoiced) from 0 to 1.
UNINVOICED_DAYS_MAX = 3650


def check_threshold(key, value):
    """The threshold a parameter's text gives, else a ValidationError naming the key."""
    if key == PARAM_UNINVOICED_DAYS:
        return bounds.whole(key, value, 0, UNINVOICED_DAYS_MAX, "days")
    return bounds.real(key, value, 0, 1)


class LifecycleReportFinance(models.Model):
    """Finance cross-check per customer: ordered vs delivered vs invoiced vs paid, the
    receivable and its risks.

    One row per commercial customer and company with any order, invoice or payment. All
    amounts tax included, in company currency, at today's state:
      ordered    confirmed orders' totals (the engine's currency conversion on the order day)
      delivered  each order line's total x delivered / ordered quantity
      invoiced   posted invoices less posted credit notes (compat's invoice fragment)
      paid       customer payments received less paid back (compat's payment fragment)
      open_orders  what is ordered and not invoiced yet (never below 0)
      exposure   open orders + open receivable, against the credit limit when one is set
      dso        open receivable / net invoiced over the last 365 days x 365"""
    _name = "crm.lifecycle.report.finance"
    _inherit = "crm.lifecycle.report.mixin"
    _description = "Lifecycle report: finance cross-check"
    _auto = False
    _order = "exposure desc, id"
    _report_rows = "f"

    stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM segment", readonly=True)
    ordered = fields.Monetary(readonly=True, help="Confirmed orders, taxes included.")
    delivered = fields.Monetary(readonly=True,
                                help="Value of the delivered quantities, taxes included.")
    invoiced = fields.Monetary("Invoiced (net)", readonly=True,
                               help="Posted invoices less posted credit notes.")
    invoiced_gross = fields.Monetary("Invoiced", readonly=True)
    refunded = fields.Monetary(readonly=True)
    paid = fields.Monetary(readonly=True, help="Payments received less money paid back.")
    receivable_open = fields.Monetary("Open receivable", readonly=True)
    overdue_amount = fields.Monetary("Overdue", readonly=True)
    open_orders = fields.Monetary("Ordered, not invoiced", readonly=True)
    exposure = fields.Monetary("Credit exposure", readonly=True,
                               help="Ordered and not invoiced, plus the open receivable.")
    credit_limit = fields.Float(readonly=True)
    credit_used = fields.Float("Credit limit used (%)", readonly=True, digits=(16, 1),
                               **compat.aggregator("max"))
    uninvoiced_orders = fields.Integer("Orders to invoice", readonly=True)
    uninvoiced_days = fields.Integer("Oldest order to invoice (days)", readonly=True,
                                     **compat.aggregator("max"))
    refund_ratio = fields.Float("Refund ratio (%)", readonly=True, digits=(16, 1),
                                **compat.aggregator("max"))
    dso = fields.Float("DSO (days)", readonly=True, digits=(16, 1), **compat.aggregator("avg"),
                       help="Open receivable / net invoiced over the last 365 days x 365.")
    flag_over_invoiced = fields.Boolean("Invoiced more than ordered", readonly=True)
    flag_overdue = fields.Boolean("Overdue receivable", readonly=True)
    flag_over_limit = fields.Boolean("Over credit limit", readonly=True)
    flag_uninvoiced = fields.Boolean(
        "Confirmed orders not invoiced", compute="_compute_flags", search="_search_uninvoiced",
        help="A confirmed order still to invoice after the configured number of days.")
    flag_refunds = fields.Boolean(
        "High refund ratio", compute="_compute_flags", search="_search_refunds",
        help="Refunded / invoiced above the configured ratio.")

    def _with(self):
        return """so AS (
    SELECT rp.commercial_partner_id AS partner_id, so.company_id, so.id, so.date_order::date AS d,
           so.invoice_status, so.amount_total,
           CASE WHEN oc.cur = c.currency_id THEN 1.0
                ELSE crm_lifecycle_rate(c.currency_id, so.company_id, so.date_order::date)
                     / NULLIF(crm_lifecycle_rate(oc.cur, so.company_id, so.date_order::date), 0)
           END AS fx
      FROM sale_order so
      JOIN res_partner rp ON rp.id = so.partner_id
      JOIN res_company c ON c.id = so.company_id
      """ + sql_sources.ORDER_CURRENCY_JOIN + """
      CROSS JOIN LATERAL (SELECT """ + sql_sources.ORDER_CURRENCY + """ AS cur) oc
     WHERE so.state IN ('sale', 'done')
),
delivered AS (
    SELECT l.order_id,
           sum(l.price_total * l.qty_delivered / NULLIF(l.product_uom_qty, 0)) AS amount
      FROM sale_order_line l JOIN so ON so.id = l.order_id
     GROUP BY l.order_id
),
ord AS (
    SELECT so.partner_id, so.company_id, sum(so.amount_total * so.fx) AS ordered,
           COALESCE(sum(dl.amount * so.fx), 0) AS delivered,
           count(*) FILTER (WHERE so.invoice_status = 'to invoice') AS uninvoiced_orders,
           max(""" + sql_sources.TODAY + """ - so.d) FILTER (WHERE so.invoice_status = 'to invoice')
               AS uninvoiced_days
      FROM so LEFT JOIN delivered dl ON dl.order_id = so.id
     GROUP BY so.partner_id, so.company_id
),
inv AS (
    SELECT i.partner_id, i.company_id,
           COALESCE(sum(i.amount) FILTER (WHERE i.kind = 'invoice'), 0) AS invoiced_gross,
           COALESCE(sum(i.amount) FILTER (WHERE i.kind = 'refund'), 0) AS refunded,
           COALESCE(sum(i.residual) FILTER (WHERE i.kind = 'invoice'), 0)
             - COALESCE(sum(i.residual) FILTER (WHERE i.kind = 'refund'), 0) AS receivable_open,
           COALESCE(sum(i.residual) FILTER (
               WHERE i.kind = 'invoice' AND i.due_date < """ + sql_sources.TODAY + """), 0)
               AS overdue_amount,
           COALESCE(sum(CASE WHEN i.kind = 'invoice' THEN i.amount ELSE -i.amount END)
                    FILTER (WHERE i.inv_date > """ + sql_sources.TODAY + """ - 365), 0) AS invoiced_365
      FROM (""" + sql_sources.CUSTOMER_INVOICES + """) i
     GROUP BY i.partner_id, i.company_id
),
pay AS (
    SELECT rp.commercial_partner_id AS partner_id, pm.company_id, sum(pm.amount) AS paid
      FROM (""" + sql_sources.CUSTOMER_PAYMENTS + """) pm JOIN res_partner rp ON rp.id = pm.partner_id
     GROUP BY rp.commercial_partner_id, pm.company_id
),
keys AS (
    SELECT partner_id, company_id FROM ord UNION
    SELECT partner_id, company_id FROM inv UNION
    SELECT partner_id, company_id FROM pay
),
lim AS (
    SELECT partner_id, company_id, max(credit_limit) AS credit_limit
      FROM (""" + sql_sources.CREDIT_LIMITS + """) x GROUP BY partner_id, company_id
),
fin AS (
    SELECT k.partner_id, k.company_id,
           COALESCE(o.ordered, 0) AS ordered, COALESCE(o.delivered, 0) AS delivered,
           COALESCE(i.invoiced_gross, 0) - COALESCE(i.refunded, 0) AS invoiced,
           COALESCE(i.invoiced_gross, 0) AS invoiced_gross, COALESCE(i.refunded, 0) AS refunded,
           COALESCE(pa.paid, 0) AS paid, COALESCE(i.receivable_open, 0) AS receivable_open,
           COALESCE(i.overdue_amount, 0) AS overdue_amount, i.invoiced_365,
           COALESCE(o.uninvoiced_orders, 0) AS uninvoiced_orders, o.uninvoiced_days,
           COALESCE(lc.credit_limit, lg.credit_limit) AS credit_limit
      FROM keys k
      LEFT JOIN ord o ON o.partner_id = k.partner_id AND o.company_id = k.company_id
      LEFT JOIN inv i ON i.partner_id = k.partner_id AND i.company_id = k.company_id
      LEFT JOIN pay pa ON pa.partner_id = k.partner_id AND pa.company_id = k.company_id
      LEFT JOIN lim lc ON lc.partner_id = k.partner_id AND lc.company_id = k.company_id
      LEFT JOIN lim lg ON lg.partner_id = k.partner_id AND lg.company_id IS NULL
)"""

    def _select(self):
        return super()._select() + """,
       row_number() OVER (ORDER BY f.company_id, f.partner_id) AS id,
       p.stage_id, p.rfm_segment,
       f.ordered, f.delivered, f.invoiced, f.invoiced_gross, f.refunded, f.paid,
       f.receivable_open, f.overdue_amount, f.uninvoiced_orders, f.uninvoiced_days,
       GREATEST(f.ordered - f.invoiced_gross, 0) AS open_orders,
       GREATEST(f.ordered - f.invoiced_gross, 0) + f.receivable_open AS exposure,
       f.credit_limit,
       CASE WHEN f.credit_limit > 0 THEN 100.0 * (GREATEST(f.ordered - f.invoiced_gross, 0)
            + f.receivable_open) / f.credit_limit END AS credit_used,
       CASE WHEN f.invoiced_gross > 0 THEN 100.0 * f.refunded / f.invoiced_gross ELSE 0 END
           AS refund_ratio,
       CASE WHEN f.invoiced_365 > 0 THEN f.receivable_open / f.invoiced_365 * 365 END AS dso,
       f.invoiced_gross > f.ordered + 0.01 AS flag_over_invoiced,
       f.overdue_amount > 0 AS flag_overdue,
       (f.credit_limit > 0 AND GREATEST(f.ordered - f.invoiced_gross, 0) + f.receivable_open
            > f.credit_limit) AS flag_over_limit"""

    def _from(self):
        return """fin f
  JOIN res_company c ON c.id = f.company_id
  LEFT JOIN crm_lifecycle_profile p
         ON p.partner_id = f.partner_id AND p.company_id = f.company_id"""

    @api.model
    def _thresholds(self):
        """(days before an order to invoice is flagged, refund ratio in %) from the settings
        (the defaults for a value that is not valid, e.g. stored before its check existed)."""
        get = self.env["ir.config_parameter"].sudo().get_param
        thresholds = []
        for key, default in ((PARAM_UNINVOICED_DAYS, DEFAULT_UNINVOICED_DAYS),
                             (PARAM_REFUND_RATIO, DEFAULT_REFUND_RATIO)):
            try:
                thresholds.append(check_threshold(key, get(key, str(default))))
            except ValidationError:
                thresholds.append(default)
        days, ratio = thresholds
        return days, ratio * 100.0

    @api.model
    def _flags(self, values, thresholds):
        days, ratio = thresholds
        return {"flag_uninvoiced": bool(values["uninvoiced_orders"])
                and (values["uninvoiced_days"] or 0) > days,
                "flag_refunds": (values["refund_ratio"] or 0.0) > ratio}

    def _compute_flags(self):
        thresholds = self._thresholds()
        for row in self:
            row.update(self._flags(row, thresholds))

    @api.model
    def _xlsx_computed(self, name, values):
        return self._flags(values, self._thresholds())[name]

    def _flag_domain(self, operator, value, domain):
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!"] + domain

    @api.model
    @compat.search_method
    def _search_uninvoiced(self, operator, value):
        days, _ratio = self._thresholds()
        return self._flag_domain(operator, value, [("uninvoiced_days", ">", days)])

    @api.model
    @compat.search_method
    def _search_refunds(self, operator, value):
        _days, ratio = self._thresholds()
        return self._flag_domain(operator, value, [("refund_ratio", ">", ratio)])
