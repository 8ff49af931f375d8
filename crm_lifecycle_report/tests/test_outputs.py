# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import os
import re

import xlrd

from odoo.addons.crm_lifecycle.tools import testing

from ..wizard.report_xlsx import REPORTS
from .common import ReportCase


def xlsx_sheets(data):
    """The sheets of an XLSX file, each a list of rows (lists of cell values, '' if empty).
    xlrd reads XLSX up to 1.2; xlrd 2, which Odoo 18 and 19 pin on Python 3.12, reads only
    XLS: openpyxl, pinned beside it, reads the file then."""
    if int(xlrd.__version__.split(".")[0]) < 2:
        book = xlrd.open_workbook(file_contents=data)
        return [[sheet.row_values(r) for r in range(sheet.nrows)] for sheet in book.sheets()]
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [[["" if value is None else value for value in row]
             for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def text(data):
    return data.decode() if isinstance(data, bytes) else str(data)


def keep(name, data):
    """Write a rendered file to $CRM_LIFECYCLE_REPORT_DUMP (when set) to look at it."""
    folder = os.environ.get("CRM_LIFECYCLE_REPORT_DUMP")
    if folder:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode())


class TestOutputs(ReportCase):

    def test_customer_360(self):
        html = text(testing.render_report(self.env, "crm_lifecycle_report.action_report_customer_360",
                                         self.alpha.ids, pdf=False))
        self.assertIn("LCR Alpha", html)
        finance = self.row("crm.lifecycle.report.finance", self.alpha)
        self.assertIn('o_360_ordered">%.2f<' % finance.ordered, html)
        self.assertIn('o_360_paid">%.2f<' % finance.paid, html)
        self.assertIn('o_360_open">%.2f<' % finance.receivable_open, html)
        for transition in self.profile(self.alpha).transition_ids:
            self.assertIn(transition.to_stage_id.name, html)
        pdf = testing.render_report(self.env, "crm_lifecycle_report.action_report_customer_360",
                                   self.alpha.ids)
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:40])
        self.assertTrue(re.search(rb"/Type\s*/Page\b", pdf), "the PDF has no page")
        keep("customer_360.pdf", pdf)
        keep("customer_360.html", html)

    def test_lifecycle_review(self):
        wizard = self.env["crm.lifecycle.report.review.wizard"].create({})
        values = self.env["report.crm_lifecycle_report.lifecycle_review"]._review_values(
            wizard.company_id, wizard.date_from, wizard.date_to)
        count = self.Profile.search_count([("company_id", "=", self.company.id)])
        self.assertEqual(values["customer_count"], count)
        finance = self.env["crm.lifecycle.report.finance"].search(
            [("company_id", "=", self.company.id)])
        self.assertAlmostEqual(values["totals"]["ordered"], sum(finance.mapped("ordered")), places=2)
        self.assertEqual(values["flags"]["flag_uninvoiced"],
                         len(finance.filtered("flag_uninvoiced")))
        ranked = sorted(p.revenue_total for p in self.Profile.search(
            [("company_id", "=", self.company.id), ("revenue_total", ">", 0)]))[::-1]
        top = int(len(ranked) * 0.2 + 1e-9)
        self.assertEqual(values["top_count"], top)
        if top:
            self.assertAlmostEqual(values["top_share"], 100.0 * sum(ranked[:top]) / sum(ranked),
                                   places=6)
        html = text(testing.render_report(self.env, "crm_lifecycle_report.action_report_lifecycle_review",
                                         wizard.ids, pdf=False))
        self.assertIn('o_review_customers">%s<' % count, html)
        self.assertIn("<svg", html)
        self.assertIn("<rect", html)
        pdf = testing.render_report(self.env, "crm_lifecycle_report.action_report_lifecycle_review",
                                   wizard.ids)
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:40])
        self.assertTrue(re.search(rb"/Type\s*/Page\b", pdf), "the PDF has no page")
        keep("lifecycle_review.pdf", pdf)
        keep("lifecycle_review.html", html)

    def test_xlsx_every_report(self):
        Export = self.env["crm.lifecycle.report.xlsx"]
        sheets = xlsx_sheets(Export.workbook_bytes())
        self.assertEqual(len(sheets), len(REPORTS))
        finance = sheets[[m for m, _l, _c in REPORTS].index("crm.lifecycle.report.finance")]
        header = finance[0]
        names = {row[0]: row for row in finance[1:]}
        row = names["LCR Alpha"]
        expected = self.row("crm.lifecycle.report.finance", self.alpha)
        self.assertEqual(row[header.index("Ordered")], expected.ordered)
        self.assertEqual(row[header.index("Paid")], expected.paid)
        self.assertEqual(row[header.index("Overdue receivable")], "Yes")
        self.assertEqual(row[header.index("Salesperson")], self.user_own.name)
        beta = names["LCR Beta"]
        self.assertEqual(beta[header.index("Confirmed orders not invoiced")], "Yes")
        self.assertEqual(beta[header.index("Oldest order to invoice (days)")], 60)
        # one row per visible record (a customer may have a row in several companies)
        self.assertEqual(len(finance) - 1, self.env["crm.lifecycle.report.finance"].search_count([]))
        action = Export.create({"report": "crm.lifecycle.report.rfm"}).action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
