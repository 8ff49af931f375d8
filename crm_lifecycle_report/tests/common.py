# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One dataset built through the ERP's real flows (orders confirmed, deliveries validated,
invoices posted, payments registered, a credit note, survey answers saved through the
survey module), recomputed by the engine; the tests compare the report views against
figures computed independently (from the construction, or from the ORM records)."""
from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import flows
from odoo.addons.crm_lifecycle_survey.tests.common import SurveyCase


class ReportCase(SurveyCase):

    @classmethod
    def invoice(cls, order, days_ago, due_days=30):
        return flows.invoice_order(order, cls.day(days_ago), due_days=due_days)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        owner = cls.user_own
        # Alpha: four orders of 1000, all delivered and invoiced; three paid, the last
        # invoice (20 days ago, due after 5 days) open and overdue.
        cls.alpha = cls.customer("LCR Alpha", user_id=owner.id)
        cls.alpha_orders = []
        for days_ago in (400, 300, 200, 20):
            order = cls.sale(cls.alpha, days_ago, 1000.0)
            flows.deliver_order(order, cls.day(days_ago))
            invoice = cls.invoice(order, days_ago, due_days=5 if days_ago == 20 else 30)
            if days_ago != 20:
                flows.register_payment(invoice, cls.day(days_ago - 10))
            cls.alpha_orders.append(order)
        # Beta: one order of 500 confirmed 60 days ago, neither delivered nor invoiced.
        cls.beta = cls.customer("LCR Beta")
        cls.sale(cls.beta, 60, 500.0)
        # Gamma: 800 delivered and invoiced, 400 credited, the rest paid.
        cls.gamma = cls.customer("LCR Gamma", user_id=owner.id)
        order = cls.sale(cls.gamma, 100, 800.0)
        flows.deliver_order(order, cls.day(100))
        invoice = cls.invoice(order, 100)
        flows.refund_invoice(invoice, cls.day(95), amount=400.0)
        flows.register_payment(invoice, cls.day(90))
        cls.gamma_order = order
        # Delta: a credit limit of 200 and an order of 300 confirmed 10 days ago.
        cls.delta = cls.customer("LCR Delta")
        cls.delta.sudo().write({"credit_limit": 200.0})
        cls.sale(cls.delta, 10, 300.0)
        cls.ours = cls.alpha | cls.beta | cls.gamma | cls.delta
        compat.flush(cls.env)
        from odoo.addons.crm_lifecycle.engine import recompute as engine
        engine.recompute(cls.env, ref_date=cls.today)
        cls.Finance = cls.env["crm.lifecycle.report.finance"]
        cls.Dashboard = cls.env["crm.lifecycle.report.dashboard"]

    def row(self, model, partner, **domain):
        rows = self.env[model].search([("partner_id", "=", partner.id),
                                       ("company_id", "=", self.company.id)]
                                      + [(k, "=", v) for k, v in domain.items()])
        return rows
