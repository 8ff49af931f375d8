# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import testing

from .common import ReportCase


class TestObjectives(ReportCase):

    def orders_by_partner(self):
        """Confirmed order dates per commercial customer in the company (from the ORM)."""
        result = {}
        for order in self.env["sale.order"].search([("state", "in", ("sale", "done")),
                                                    ("company_id", "=", self.company.id)]):
            partner = order.partner_id.commercial_partner_id
            if partner != self.company.partner_id:
                result.setdefault(partner.id, []).append(compat.to_date(order.date_order))
        return result

    def objective(self, kpi, days_from, days_to, target=50.0, **vals):
        values = {"name": kpi, "kpi": kpi, "date_from": compat.date_field_value(self.day(days_from)),
                  "date_to": compat.date_field_value(self.day(days_to)), "target": target}
        values.update(vals)
        return self.env["crm.lifecycle.report.objective"].create(values)

    def test_actuals_against_independent_counts(self):
        dates = self.orders_by_partner()
        start, end = self.day(150), self.day(0)
        base = [p for p, ds in dates.items()
                if any(start.toordinal() - 365 <= d.toordinal() < start.toordinal() for d in ds)]
        kept = [p for p in base if any(start <= d <= end for d in dates[p])]
        self.assertIn(self.alpha.id, kept)
        retention = self.objective("retention_rate", 150, 0)
        self.assertAlmostEqual(retention.actual, 100.0 * len(kept) / len(base), delta=0.051)
        self.assertEqual(retention.base_count, len(base))
        churn = self.objective("churn_rate", 150, 0, target=10.0)
        self.assertAlmostEqual(churn.actual, 100.0 - retention.actual, delta=0.051)
        buyers = [p for p, ds in dates.items() if any(start <= d <= end for d in ds)]
        repeat = [p for p in buyers if len([d for d in dates[p] if d <= end]) >= 2]
        objective = self.objective("repeat_rate", 150, 0)
        self.assertAlmostEqual(objective.actual, 100.0 * len(repeat) / len(buyers), delta=0.051)
        active = [p for p, ds in dates.items()
                  if any(0 <= (end - d).days <= 364 for d in ds)]
        objective = self.objective("active_customers", 30, 0, target=len(active))
        self.assertEqual(objective.actual, len(active))
        self.assertTrue(objective.achieved)
        self.assertTrue(objective.definition)

    def test_nps_objective(self):
        contact = self.contact(self.alpha, "Nina Alpha")
        self.answer(contact, "nps", 9, when=self.day(5))
        self.answer(self.contact(self.beta, "Ben Beta"), "nps", 2, when=self.day(5))
        compat.flush(self.env)
        answers = self.env["crm.lifecycle.satisfaction"].search([
            ("kind", "=", "nps"), ("company_id", "=", self.company.id),
            ("date", ">=", compat.date_field_value(self.day(10)))])
        promoters = len(answers.filtered(lambda a: a.category == "promoter"))
        detractors = len(answers.filtered(lambda a: a.category == "detractor"))
        objective = self.objective("nps", 10, 0, target=30.0)
        self.assertAlmostEqual(objective.actual, 100.0 * (promoters - detractors) / len(answers), delta=0.051)
        self.assertEqual(objective.base_count, len(answers))

    def test_salesperson_filter(self):
        dates = self.orders_by_partner()
        mine = self.Profile.search([("company_id", "=", self.company.id),
                                    ("user_id", "=", self.user_own.id)]).mapped("partner_id").ids
        active = [p for p in mine if any(0 <= (self.today - d).days <= 364 for d in dates.get(p, []))]
        objective = self.objective("active_customers", 30, 0, user_id=self.user_own.id)
        self.assertEqual(objective.actual, len(active))

    def test_bad_input_refused(self):
        with self.assertRaises(ValidationError):
            self.objective("retention_rate", 0, 30)
        with self.assertRaises(ValidationError):
            self.objective("churn_rate", 30, 0, target=120.0)
        with self.assertRaises(ValidationError):
            self.objective("nps", 30, 0, target=-150.0)

    def test_managers_only(self):
        Objective = testing.as_user(self.env["crm.lifecycle.report.objective"], self.user_own)
        self.assertTrue(Objective.check_access_rights("read", raise_exception=False))
        with self.assertRaises(AccessError):
            Objective.create({"name": "x", "kpi": "nps", "target": 1.0,
                              "date_from": compat.date_field_value(self.day(10)),
                              "date_to": compat.date_field_value(self.day(0))})
