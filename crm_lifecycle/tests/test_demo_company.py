# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo company (what `make demo` builds): its plan gives the churn model a valid fit at
the default size, and a small company is played through the ERP's flows in batches, without
refresh marks, resumable after an interruption."""
import numpy as np

from .. import compat
from ..engine import churn, recompute as engine
from ..tools import demo_company, flows
from .common import LifecycleCase


class Interrupted(Exception):
    pass


class TestDemoCompany(LifecycleCase):

    def test_default_size_gives_a_valid_churn_fit(self):
        """Computed from the plan, without building: the default company's customers with
        orders on two days or more reach clv_min_repeat_buyers, and BG/NBD and Gamma-Gamma
        fit their history (as the engine summarises it) with a valid result."""
        customers = demo_company.size_customers("default")
        self.assertGreaterEqual(customers, 150)
        plan = demo_company.plan_company(customers=customers, today=self.today)
        threshold = self.env["crm.lifecycle.config"]._fields["clv_min_repeat_buyers"].default
        threshold = threshold(self.env["crm.lifecycle.config"]) if callable(threshold) else threshold
        self.assertGreaterEqual(demo_company.repeat_buyers(plan), threshold)
        self.assertEqual({c["archetype"] for c in plan}, {name for name, _share in demo_company.ARCHETYPES})
        # a few loyal customers stop buying one category (category churn), long enough ago
        dropped = [c for c in plan if "dropped_category" in c]
        self.assertGreaterEqual(len(dropped), 3)
        for c in dropped:
            categories = lambda order: {demo_company.PRODUCTS[i][2] for i, _q, _p in order["lines"]}  # noqa: E731
            last = max(o["date"] for o in c["orders"] if c["dropped_category"] in categories(o))
            self.assertLess(last, max(o["date"] for o in c["orders"]), "still buying the other categories")
        dates = [o["date"] for c in plan for o in c["orders"]]
        self.assertLess(min(dates), self.day(640), "the history spans about two years")
        ids, days, amounts = [], [], []
        for c in plan:
            for order in c["orders"]:
                ids.append(c["index"])
                days.append(str(order["date"]))
                amounts.append(sum(qty * price for _p, qty, price in order["lines"]))
        summary = churn.summarise((np.array(ids), np.array(days, dtype="datetime64[D]"), np.array(amounts)),
                                  self.today)
        state, message, _bgnbd, _gg = churn.fit(summary, threshold)
        self.assertEqual(state, "valid", message)
        # the same seed gives the same company
        again = demo_company.plan_company(customers=customers, today=self.today)
        self.assertEqual([c["vals"]["name"] for c in again], [c["vals"]["name"] for c in plan])
        self.assertEqual(demo_company.size_customers("large"), demo_company.SIZES["large"])
        self.assertEqual(demo_company.size_customers("60"), 60)
        with self.assertRaises(ValueError):
            demo_company.size_customers("huge")

    def test_small_company_through_the_flows(self):
        quiet = lambda *args: None  # noqa: E731
        customers, batch = 16, 8
        plan = demo_company.plan_company(seed=5, customers=customers, today=self.today)

        def interrupt():
            raise Interrupted()
        # the first batch is played, then the build stops (as a killed `make demo` would)
        with self.assertRaises(Interrupted):
            demo_company.build(self.env, seed=5, customers=customers, today=self.today, log=quiet,
                               commit=interrupt, batch=batch)
        self.assertFalse(demo_company.built_seed(self.env))
        counts = demo_company.build(self.env, seed=5, customers=customers, today=self.today, log=quiet,
                                    batch=batch)
        self.assertEqual(demo_company.built_seed(self.env), "5")
        names = [c["vals"]["name"] for c in plan]
        partners = self.env["res.partner"].search([("name", "in", names), ("is_company", "=", True)])
        self.assertEqual(len(partners), customers,
                         "the rerun resumed after the first batch: no customer twice")
        self.assertEqual(counts["customers"], customers)
        # the demo's lead typed with a known customer's phone shows the duplicate notice
        lead = self.env["crm.lead"].search([("name", "=", "Inquiry from a known number")])
        self.assertEqual(len(lead), 1)
        self.assertIn("same phone", lead.lifecycle_duplicate_hint or "")
        orders = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(orders), sum(len(c["orders"]) for c in plan))
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        done = [o for c in plan for o in c["orders"] if o["done"]]
        pickings = orders.mapped("picking_ids").filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(pickings.filtered(lambda p: p.state == "done")), len(done))
        first = min(o["date"] for c in plan for o in c["orders"])
        self.assertEqual(min(orders.mapped(lambda o: str(o.date_order)[:10])), str(first),
                         "orders are backdated")
        invoices = self.env[compat.INVOICE_MODEL].search([("partner_id", "in", partners.ids),
                                                          ("state", "in", ("open", "paid", "posted"))])
        # customer invoices only (17's payments are account.move entries of the partner too)
        invoices = invoices.filtered(lambda i: (i.type if compat.V11 else i.move_type) == "out_invoice")
        self.assertEqual(len(invoices), len(done))
        # settled: paid in full (the last payment for all that was due), or credited after a return
        settled = [o for o in done if o["returned"] or (o["payments"] and o["payments"][-1][1] is None)]
        self.assertEqual(len(invoices.filtered(lambda i: not flows.invoice_residual(i))), len(settled))
        tickets = self.env["helpdesk.ticket"].search([("partner_id", "child_of", partners.ids)])
        self.assertEqual(len(tickets), sum(len(c["tickets"]) for c in plan))
        self.assertEqual(len(tickets.filtered("closed_date")),
                         sum(1 for c in plan for t in c["tickets"] if t["closed"]))
        leads = self.env["crm.lead"].with_context(active_test=False).search(
            [("partner_id", "in", partners.ids)])
        self.assertEqual(len(leads), sum(len(c["leads"]) for c in plan))
        # no refresh marks: the demo recomputes everybody once at the end
        engine.flush_marks(self.env)
        self.env.cr.execute("SELECT count(*) FROM crm_lifecycle_dirty WHERE partner_id = ANY(%s)",
                            (partners.ids,))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        # built once
        self.assertTrue(demo_company.build(self.env, seed=5, customers=customers, log=quiet).get("skipped"))
        # the engine's churn fit sees the repeat buyers the plan counts (what the default
        # size's test above computes without building)
        fit = self.env["crm.lifecycle.model.fit"]._refit(self.today)
        fit = fit.filtered(lambda f: f.company_id == self.company)
        self.assertGreaterEqual(fit.repeat_buyers, demo_company.repeat_buyers(plan))
