# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a portal user, a salesman and a manager of another company can do with the
reports, called the way RPC calls them (and the way the report routes render them); the
bounds of objectives, review periods and the finance flags' parameters."""
import datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import flows, testing
from odoo.addons.crm_lifecycle_survey.tests.test_security import public_methods

from ..models.report_finance import PARAM_REFUND_RATIO, PARAM_UNINVOICED_DAYS
from ..wizard.report_xlsx import REPORTS
from .common import ReportCase
from .test_outputs import xlsx_sheets

C360 = "report.crm_lifecycle_report.customer_360"
REVIEW = "report.crm_lifecycle_report.lifecycle_review"


class TestReportSecurity(ReportCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pat = cls.contact(cls.alpha, "Pat Alpha")
        cls.portal = cls.portal_user("lcr_portal", cls.pat)
        cls.other_company = cls.env["res.company"].create({"name": "Report Other Co"})
        cls.foreign_manager = cls.company_manager("lcr_foreign_manager", cls.other_company)
        # two more open invoices of Alpha's: one of its own salesperson's, one of another
        # salesperson's (Sales' own-documents rule hides that one from Alpha's)
        invoices = []
        for user in (cls.user_own, cls.user_other):
            order = cls.sale(cls.alpha, 5, 250.0, user=user)
            flows.deliver_order(order, cls.day(5))
            invoices.append(cls.invoice(order, 5))
        cls.own_invoice, cls.other_invoice = invoices

    def open_invoices(self, user, partner):
        values = self.rpc(user, C360, "get_report_values", partner.ids) if compat.V11 else \
            testing.as_user(self.env[C360], user)._get_report_values(partner.ids)
        return [row["id"] for row in values["customers"][0]["open_invoices"]]

    # -- 1. every public method is a deliberate API ---------------------------------------

    def test_public_methods_check_rights_or_are_private(self):
        views = [m for m, _label, _cols in REPORTS if m != "crm.lifecycle.report.objective"]
        views.append("crm.lifecycle.report.dashboard")
        expected = {(model, method) for model in views + ["crm.lifecycle.report.mixin"]
                    for method in ("read", "read_group")}
        expected |= {
            ("crm.lifecycle.report.dashboard", "action_open"),
            (C360, "get_report_values"), (REVIEW, "get_report_values"),
            ("crm.lifecycle.report.xlsx", "workbook_bytes"),
            ("crm.lifecycle.report.xlsx", "action_export"),
            ("crm.lifecycle.report.review.wizard", "action_print"),
            ("crm.lifecycle.report.review.wizard", "create"),
            ("crm.lifecycle.report.review.wizard", "write"),
            ("crm.lifecycle.report.objective", "create"),
            ("crm.lifecycle.report.objective", "write"),
        }
        self.assertEqual(public_methods(self.env, "odoo.addons.crm_lifecycle_report"), expected)
        wizard = self.env["crm.lifecycle.report.review.wizard"].create({})
        calls = [
            (self.portal, C360, "get_report_values", (self.alpha.ids,), AccessError),
            (self.portal, REVIEW, "get_report_values", (wizard.ids,), AccessError),
            (self.portal, REVIEW, "_review_values", (), AccessError),
            (self.portal, "crm.lifecycle.report.objective", "_kpi_actual", (), AccessError),
            (self.portal, "crm.lifecycle.report.xlsx", "workbook_bytes", (), AccessError),
            (self.portal, "crm.lifecycle.report.finance", "search_read", ([],), AccessError),
            (self.portal, "crm.lifecycle.report.dashboard", "action_open",
             (self.Dashboard.search([], limit=1).ids,), AccessError),
            (self.user_own, "crm.lifecycle.report.xlsx", "workbook_bytes",
             (["ir.config_parameter"],), UserError),
            (self.user_own, "crm.lifecycle.report.xlsx", "workbook_bytes",
             (["crm.lifecycle.report.rfm'); DROP TABLE res_partner; --"],), UserError),
        ]
        for user, model, method, args, refusal in calls:
            self.assertRefused(refusal, lambda: self.rpc(user, model, method, *args),
                               "%s %s.%s" % (user.login, model, method))
        # wizards a portal user makes himself (Odoo 11 lets every user create transient
        # records) print and export nothing either
        for model, method in (("crm.lifecycle.report.xlsx", "action_export"),
                              ("crm.lifecycle.report.review.wizard", "action_print")):
            try:
                with self.env.cr.savepoint():
                    own = self.rpc(self.portal, model, "create", {})
            except AccessError:
                continue  # 17: no right on the wizard at all
            own_id = own.id if hasattr(own, "id") else own
            if model == "crm.lifecycle.report.xlsx":
                self.assertRefused(AccessError, lambda: self.rpc(
                    self.portal, model, method, [own_id]), "portal's own export")
            else:
                self.assertRefused(AccessError, lambda: self.rpc(
                    self.portal, REVIEW, "get_report_values", [own_id]), "portal's own review")
        # a salesman exports what he may read
        sheet = xlsx_sheets(self.rpc(
            self.user_own, "crm.lifecycle.report.xlsx", "workbook_bytes",
            ["crm.lifecycle.report.finance"]))[0]
        names = set(row[0] for row in sheet[1:])
        self.assertIn("LCR Alpha", names)
        seen = testing.as_user(self.Finance, self.user_own).search([])
        self.assertEqual(len(names), len(seen.mapped("partner_id")))

    # -- 2. record rules ---------------------------------------------------------------------

    def test_every_company_bound_model_has_a_company_rule(self):
        ours = ("crm_lifecycle_survey", "crm_lifecycle_report")
        bound = [name for name in self.env.registry
                 if self.env[name]._original_module in ours and not self.env[name]._transient
                 and not self.env[name]._abstract and "company_id" in self.env[name]._fields
                 and self.env[name]._fields["company_id"].store]
        self.assertGreater(len(bound), 10)
        for model in bound:
            rules = self.env["ir.rule"].search([("model_id.model", "=", model),
                                                ("global", "=", True)])
            self.assertTrue(any("company_id" in (r.domain_force or "") for r in rules), model)
        # and they hold for a manager of another company, as for a salesman of this one
        self.answer(self.contact(self.alpha, "Rita Rules"), "nps", 1)
        for model in bound:
            self.assertFalse(testing.as_user(self.env[model], self.foreign_manager).search(
                [("company_id", "=", self.company.id)]), model)
        self.assertFalse(testing.as_user(self.env["crm.lifecycle.satisfaction"], self.user_other)
                         .search([("partner_id", "=", self.alpha.id)]))

    # -- 2. the Customer 360 keeps the record rules -------------------------------------

    def test_customer_360_only_for_readers_of_the_profile(self):
        self.assertEqual(self.profile(self.alpha).user_id, self.user_own)
        # another salesman (own documents only) may not read Alpha's profile
        with self.assertRaises(AccessError):
            self.open_invoices(self.user_other, self.alpha)
        with self.assertRaises(AccessError):
            testing.render_report(testing.as_user(self.env[C360], self.user_other).env,
                                 "crm_lifecycle_report.action_report_customer_360",
                                 self.alpha.ids, pdf=False)
        # Alpha's salesperson sees his customer, and of its open invoices those he may open
        everything = self.env[C360]._get_report_values(self.alpha.ids)["customers"][0]
        every_id = [row["id"] for row in everything["open_invoices"]]
        self.assertEqual(len(every_id), 3)  # a manager sees them all
        seen = self.open_invoices(self.user_own, self.alpha)
        Invoice = testing.as_user(self.env[compat.INVOICE_MODEL], self.user_own)
        self.assertEqual(sorted(seen), sorted(Invoice.search([("id", "in", every_id)]).ids))
        self.assertIn(self.own_invoice.id, seen)
        if not compat.V11:  # 17's Sales hides another salesperson's invoices (11 has no rule)
            self.assertNotIn(self.other_invoice.id, seen)
        html = testing.render_report(testing.as_user(self.env[C360], self.user_own).env,
                                    "crm_lifecycle_report.action_report_customer_360",
                                    self.alpha.ids, pdf=False)
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn(self.own_invoice.display_name if compat.V11 else self.own_invoice.name, html)

    # -- 4. company isolation ---------------------------------------------------------------

    def test_review_only_of_the_users_companies(self):
        Wizard = testing.as_user(self.env["crm.lifecycle.report.review.wizard"],
                                self.foreign_manager)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Wizard.create({"company_id": self.company.id})
        own = Wizard.create({"company_id": self.other_company.id})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            own.write({"company_id": self.company.id})
        # a review of another company is not printed either, however the wizard was made
        foreign = self.env["crm.lifecycle.report.review.wizard"].create({})
        with self.assertRaises(AccessError):
            testing.as_user(self.env[REVIEW], self.foreign_manager)._get_report_values(foreign.ids)
        values = testing.as_user(self.env[REVIEW], self.foreign_manager)._get_report_values(own.ids)
        self.assertEqual(values["reviews"][0]["company"], self.other_company)

    # -- 8. bounds and users ------------------------------------------------------------------

    def test_hostile_objectives_refused(self):
        Objective = self.env["crm.lifecycle.report.objective"]
        today = self.today

        def vals(**values):
            result = {"name": "x", "kpi": "retention_rate", "target": 50.0,
                      "date_from": compat.date_field_value(today - datetime.timedelta(days=30)),
                      "date_to": compat.date_field_value(today)}
            result.update(values)
            return result

        archived = self.user("lcr_archived", "sales_team.group_sale_salesman")
        archived.active = False
        foreign_salesman = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "lcr_foreign_salesman", "login": "lcr_foreign_salesman",
            "company_id": self.other_company.id, "company_ids": [(6, 0, self.other_company.ids)],
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("base.group_user").id])]})
        hostile = [
            {"target": float("inf")}, {"target": float("nan")}, {"target": "abc"},
            {"target": "50; DROP TABLE res_partner"}, {"target": 1e20}, {"target": -1e9},
            {"target": None}, {"target": [50]}, {"target": True},
            {"target": 101.0}, {"target": -0.5},
            {"kpi": "nps", "target": 150.0}, {"kpi": "active_customers", "target": -1.0},
            {"kpi": "active_customers", "target": 10000001.0},
            {"date_from": compat.date_field_value(today), "date_to": compat.date_field_value(
                today - datetime.timedelta(days=1))},
            {"date_from": compat.date_field_value(datetime.date(1990, 1, 1)),
             "date_to": compat.date_field_value(today)},
            {"user_id": self.portal.id}, {"user_id": archived.id},
            {"user_id": foreign_salesman.id},
        ]
        for values in hostile:
            error = self.assertRefused(ValidationError, lambda: Objective.create(vals(**values)),
                                       repr(values))
            self.assertLess(len(str(error.args[0])), 300)
        objective = Objective.create(vals(kpi="active_customers", target=10000000.0,
                                          user_id=self.user_own.id))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            objective.write({"target": float("inf")})
        self.assertEqual(objective.target, 10000000.0)

    def test_hostile_report_parameters_refused(self):
        Param = self.env["ir.config_parameter"]
        hostile = {
            PARAM_UNINVOICED_DAYS: ["-1", "3651", "100000000000", "abc", "30.5",
                                    "30; DROP TABLE res_partner", "<b>30</b>", "1e3", " "],
            PARAM_REFUND_RATIO: ["-0.1", "1.5", "nan", "inf", "abc", "0.2'; --", "x" * 10000],
        }
        for key, values in hostile.items():
            for value in values:
                error = self.assertRefused(ValidationError, lambda: Param.set_param(key, value),
                                           "%s=%r" % (key, value))
                self.assertLess(len(str(error.args[0])), 300)
        Param.set_param(PARAM_UNINVOICED_DAYS, "3650")
        Param.set_param(PARAM_REFUND_RATIO, "0.5")
        self.assertEqual(self.Finance._thresholds(), (3650, 50.0))
        # a value stored before the check existed is ignored, not trusted
        compat.flush(self.env)
        self.env.cr.execute("UPDATE ir_config_parameter SET value = 'junk' WHERE key = %s",
                            (PARAM_UNINVOICED_DAYS,))
        compat.invalidate(self.env)
        testing.clear_orm_caches(self.env)
        self.assertEqual(self.Finance._thresholds()[0], 30)

    def test_review_period_bounded(self):
        Wizard = self.env["crm.lifecycle.report.review.wizard"]
        for date_from in (datetime.date(1900, 1, 1), self.today + datetime.timedelta(days=1)):
            self.assertRefused(ValidationError, lambda: Wizard.create({
                "date_from": compat.date_field_value(date_from),
                "date_to": compat.date_field_value(self.today)}), str(date_from))
