# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime
from unittest.mock import patch

from odoo.addons.crm_lifecycle import compat

from ..wizard.report_xlsx import REPORT_MODELS
from .common import ReportCase


def month_start(day):
    return day.replace(day=1)


def add_months(month, count):
    index = month.month - 1 + count
    return month.replace(year=month.year + index // 12, month=index % 12 + 1, day=1)


def months_between(first, later):
    return (later.year - first.year) * 12 + later.month - first.month


class TestLifecycleViews(ReportCase):

    def test_stage_by_month_matches_the_transitions(self):
        """Each month end's stage = the last transition on or before it (from the ORM)."""
        Transition = self.env["crm.lifecycle.transition"]
        rows = self.env["crm.lifecycle.report.stage.month"].search(
            [("partner_id", "in", self.ours.ids)])
        got = {(r.partner_id.id, compat.to_date(r.month)): r.stage_id for r in rows}
        expected = {}
        for partner in self.ours:
            changes = Transition.search([("partner_id", "=", partner.id),
                                         ("company_id", "=", self.company.id)], order="date, id")
            if not changes:
                continue
            month = month_start(compat.to_date(changes[0].date))
            while month <= self.today:
                following = (month + datetime.timedelta(days=32)).replace(day=1)
                before = changes.filtered(lambda t: compat.to_date(t.date) < following)
                expected[(partner.id, month)] = before[-1].to_stage_id
                month = following
        self.assertTrue(expected)
        self.assertEqual(got, expected)

    def test_funnel_steps(self):
        Funnel = self.env["crm.lifecycle.report.funnel"]
        steps = {p: set(self.row(Funnel._name, p).mapped("step")) for p in self.ours}
        self.assertEqual(steps[self.alpha], {"1_prospect", "2_first_order", "3_repeat", "4_loyal"})
        self.assertEqual(steps[self.beta], {"1_prospect", "2_first_order"})
        self.assertEqual(steps[self.gamma], {"1_prospect", "2_first_order"})
        repeat = self.row(Funnel._name, self.alpha, step="3_repeat")
        self.assertEqual(compat.to_date(repeat.date), self.day(300))
        loyal = self.env["crm.lifecycle.transition"].search([
            ("partner_id", "=", self.alpha.id), ("to_stage_id.code", "=", "loyal")], order="date")
        self.assertEqual(self.row(Funnel._name, self.alpha, step="4_loyal").date, loyal[0].date)

    def test_transition_matrix_counts_every_change(self):
        Transition = self.env["crm.lifecycle.transition"]
        groups = self.env["crm.lifecycle.report.transition"].read_group(
            [("partner_id", "in", self.ours.ids)],
            ["transition_count", "annual_value", "from_stage_id", "to_stage_id"],
            ["from_stage_id", "to_stage_id"], lazy=False)
        got = {(g["from_stage_id"] and g["from_stage_id"][0], g["to_stage_id"][0]):
               (g["transition_count"], g["annual_value"]) for g in groups}
        expected = collections.defaultdict(lambda: [0, 0.0])
        for t in Transition.search([("partner_id", "in", self.ours.ids)]):
            key = (t.from_stage_id.id or False, t.to_stage_id.id)
            expected[key][0] += 1
            expected[key][1] += self.profile(t.partner_id).annual_value
        self.assertEqual(set(got), set(expected))
        for key, (count, value) in expected.items():
            self.assertEqual(got[key][0], count)
            self.assertAlmostEqual(got[key][1], value, places=2)

    def _orders_by_customer_month(self):
        """{customer id: {month: untaxed revenue}} of the company's confirmed orders (ORM)."""
        orders = self.env["sale.order"].search([("state", "in", ("sale", "done")),
                                                ("company_id", "=", self.company.id)])
        by_partner = collections.defaultdict(lambda: collections.defaultdict(float))
        for order in orders:
            partner = order.partner_id.commercial_partner_id
            if partner == self.company.partner_id:
                continue
            by_partner[partner.id][month_start(compat.to_date(order.date_order))] += order.amount_untaxed
        return by_partner

    def test_cohort_retention(self):
        """One row per customer and month from its first order month to this month,
        retained or not, and cohort shares, against the ORM's orders."""
        by_partner = self._orders_by_customer_month()
        firsts = {pid: min(months) for pid, months in by_partner.items()}
        alpha_first = firsts[self.alpha.id]
        cohort = [pid for pid, first in firsts.items() if first == alpha_first]
        cohort_revenue = sum(by_partner[pid][alpha_first] for pid in cohort)
        rows = self.row("crm.lifecycle.report.cohort", self.alpha)
        months = months_between(alpha_first, month_start(self.today))
        self.assertEqual(sorted(rows.mapped("months_since")), list(range(months + 1)))
        self.assertEqual(sum(rows.mapped("retained")), len(by_partner[self.alpha.id]))
        for row in rows:
            month = compat.to_date(row.month)
            self.assertEqual(compat.to_date(row.cohort_month), alpha_first)
            self.assertEqual(row.months_since, months_between(alpha_first, month))
            revenue = by_partner[self.alpha.id].get(month, 0.0)
            self.assertAlmostEqual(row.revenue, revenue, places=2)
            self.assertEqual(row.retained, 1 if month in by_partner[self.alpha.id] else 0)
            self.assertEqual(row.customer_share, 100.0 * row.retained)
            self.assertEqual(row.customer_count, 1)
            self.assertAlmostEqual(row.revenue_share, 100.0 * revenue * len(cohort) / cohort_revenue,
                                   places=4)

    def test_cohort_totals_are_ratios(self):
        """A pivot's totals over several cohorts (N months after the first order; every
        month of every cohort) are retained customers over the customers counted, never a
        sum of the cohorts' percentages."""
        by_partner = self._orders_by_customer_month()
        this_month = month_start(self.today)
        counted, retained = collections.Counter(), collections.Counter()
        for months in by_partner.values():
            first = min(months)
            for since in range(months_between(first, this_month) + 1):
                counted[since] += 1
                month = add_months(first, since)
                retained[since] += month in months
        self.assertGreater(len(by_partner), 1)
        Cohort = self.env["crm.lifecycle.report.cohort"]
        domain = [("company_id", "=", self.company.id)]
        groups = compat.read_group(Cohort, domain, ["customer_share", "retained", "customer_count",
                                                    "months_since"], ["months_since"])
        self.assertEqual(sorted(g["months_since"] for g in groups), sorted(counted))
        for group in groups:
            since = group["months_since"]
            self.assertEqual(group["customer_count"], counted[since])
            self.assertEqual(group["retained"], retained[since])
            self.assertAlmostEqual(group["customer_share"], 100.0 * retained[since] / counted[since],
                                   places=6)
        first_months = [g for g in groups if g["months_since"] == 0]
        self.assertAlmostEqual(first_months[0]["customer_share"], 100.0, places=6)
        total = compat.read_group(Cohort, domain, ["customer_share"], [])[0]
        self.assertAlmostEqual(total["customer_share"],
                               100.0 * sum(retained.values()) / sum(counted.values()), places=6)
        self.assertLessEqual(total["customer_share"], 100.0)

    def test_rfm_grid_and_segments(self):
        profiles = self.Profile.search([("company_id", "=", self.company.id), ("r_score", ">", 0),
                                        ("f_score", ">", 0)])
        expected = collections.Counter((p.r_score, p.f_score) for p in profiles)
        revenue = collections.defaultdict(float)
        for p in profiles:
            revenue[p.rfm_segment] += p.revenue_total
        Rfm = self.env["crm.lifecycle.report.rfm"]
        groups = Rfm.read_group([("company_id", "=", self.company.id)],
                                ["customer_count", "r_score", "f_score"],
                                ["r_score", "f_score"], lazy=False)
        self.assertEqual({(g["r_score"], g["f_score"]): g["customer_count"] for g in groups},
                         dict(expected))
        groups = Rfm.read_group([("company_id", "=", self.company.id)], ["revenue_total", "rfm_segment"],
                                ["rfm_segment"], lazy=False)
        self.assertEqual(set(g["rfm_segment"] for g in groups), set(revenue))
        for g in groups:
            self.assertAlmostEqual(g["revenue_total"], revenue[g["rfm_segment"]], places=2)

    def test_pareto_cumulative_share(self):
        profiles = self.Profile.search([("company_id", "=", self.company.id),
                                        ("revenue_total", ">", 0)])
        ranked = sorted(profiles, key=lambda p: (-p.revenue_total, p.id))
        total = sum(p.revenue_total for p in ranked)
        running = 0.0
        rows = {r.partner_id.id: r for r in self.env["crm.lifecycle.report.pareto"].search(
            [("company_id", "=", self.company.id)])}
        self.assertEqual(len(rows), len(ranked))
        for rank, profile in enumerate(ranked, start=1):
            running += profile.revenue_total
            row = rows[profile.partner_id.id]
            self.assertEqual(row.rank, rank)
            self.assertAlmostEqual(row.cumulative_share, 100.0 * running / total, places=6)
            self.assertAlmostEqual(row.customer_share, 100.0 * rank / len(ranked), places=6)
        self.assertAlmostEqual(rows[ranked[-1].partner_id.id].cumulative_share, 100.0, places=6)

    def test_satisfaction_trend_and_followup_sla(self):
        alice = self.contact(self.alpha, "Alice Alpha")
        gary = self.contact(self.gamma, "Gary Gamma")
        self.answer(alice, "nps", 10, when=self.day(40))
        self.answer(alice, "csat", 5, when=self.day(40))
        unhappy = self.counted(self.answer(gary, "nps", 3, when=self.day(30)))
        self.answer(gary, "csat", 2, when=self.day(30))
        self.answer(alice, "ces", 2, when=self.day(40))
        self.answer(gary, "ces", 5, when=self.day(30))
        compat.flush(self.env)
        Report = self.env["crm.lifecycle.report.satisfaction"]
        domain = [("partner_id", "in", self.ours.ids)]
        nps = Report.read_group(domain + [("kind", "=", "nps")], ["nps_points", "kind"], ["kind"])
        self.assertAlmostEqual(nps[0]["nps_points"], 0.0)  # one promoter, one detractor
        csat = Report.read_group(domain + [("kind", "=", "csat")], ["csat_satisfied", "kind"], ["kind"])
        self.assertAlmostEqual(csat[0]["csat_satisfied"], 50.0)  # one 5, one 2
        # CES beside them: the mean effort of the CES answers only (a 2 and a 5), in any
        # grouping, also one mixing every kind of answer
        ces = Report.read_group(domain, ["ces_score", "nps_points", "csat_satisfied", "partner_id"],
                                ["partner_id"])
        by_partner = {g["partner_id"][0]: g for g in ces}
        self.assertAlmostEqual(by_partner[self.alpha.id]["ces_score"], 2.0)
        self.assertAlmostEqual(by_partner[self.gamma.id]["ces_score"], 5.0)
        self.assertAlmostEqual(by_partner[self.gamma.id]["nps_points"], -100.0)
        total = compat.read_group(Report, domain, ["ces_score"], [])[0]
        self.assertAlmostEqual(total["ces_score"], 3.5)
        by_stage = Report.read_group(domain + [("kind", "=", "nps")], ["nps_points", "stage_id"],
                                     ["stage_id"])
        stages = self.env["crm.lifecycle.satisfaction"].search(
            [("partner_id", "in", self.ours.ids), ("kind", "=", "nps")]).mapped("stage_id")
        self.assertEqual(set(g["stage_id"][0] for g in by_stage if g["stage_id"]), set(stages.ids))
        # follow-ups: Gary's unhappy NPS answer opened one; done on time -> 100 % within SLA
        followup = unhappy.followup_id
        self.assertTrue(followup)
        sla = self.env["crm.lifecycle.report.followup"].search([("id", "=", followup.id)])
        self.assertEqual(sla.state, "open")
        followup.outcome = "Called back"
        followup.action_done()
        compat.flush(self.env)
        compat.invalidate(self.env)
        sla = self.env["crm.lifecycle.report.followup"].browse(followup.id)
        sla.invalidate_cache() if compat.V11 else sla.invalidate_recordset()
        on_time = compat.to_date(followup.date_done) <= compat.to_date(followup.date_deadline)
        self.assertEqual(sla.within_sla, 100.0 if on_time else 0.0)

    def report_views(self):
        """Every report model that is an SQL view of the report mixin."""
        mixin = type(self.env["crm.lifecycle.report.mixin"])
        return [self.env[name] for name in sorted(self.env.registry.models)
                if issubclass(type(self.env[name]), mixin) and not self.env[name]._abstract]

    def view_columns(self, table):
        self.env.cr.execute("SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = %s", [table])
        return {row[0] for row in self.env.cr.fetchall()}

    def view_definition(self, table):
        self.env.cr.execute("SELECT pg_get_viewdef(%s::regclass)", [table])
        return self.env.cr.fetchone()[0]

    def test_every_view_is_built_from_its_clause_methods(self):
        """Each report view in the database is the statement its clause methods assemble,
        its columns are its model's stored fields (the mixin's shared ones included), and
        every exported report but the objectives (a table) is such a view."""
        views = self.report_views()
        # the dashboard's tiles are a view too, not a report to export
        self.assertEqual({view._name for view in views},
                         set(REPORT_MODELS) - {"crm.lifecycle.report.objective"}
                         | {"crm.lifecycle.report.dashboard"})
        for view in views:
            for clause in (view._with(), view._select(), view._from(), view._where(),
                           view._group_by()):
                self.assertIsInstance(clause, str)
            self.assertTrue(view._select().strip() and view._from().strip(), view._name)
            self.env.cr.execute("CREATE TEMP VIEW lc_rebuilt AS (%s)" % view._view_query())
            self.assertEqual(self.view_definition(view._table),
                             self.view_definition("lc_rebuilt"), view._name)
            self.env.cr.execute("DROP VIEW lc_rebuilt")
            stored = {name for name, field in view._fields.items() if field.store}
            self.assertEqual(self.view_columns(view._table), stored, view._name)
            self.assertTrue({"partner_id", "company_id", "currency_id", "user_id"} <= stored)

    def test_an_inheriting_addon_adds_a_column_by_extending_select(self):
        """An override of `_select()` that calls super() and adds one column, as another
        addon inheriting the report would write it: the rebuilt view has the column, with
        the profile's value, and the same rows; without it the view is as before."""
        Rfm = self.env["crm.lifecycle.report.rfm"]
        before = self.view_definition(Rfm._table)
        self.env.cr.execute("SELECT id, partner_id, r_score FROM %s ORDER BY id" % Rfm._table)
        rows = self.env.cr.fetchall()
        self.assertTrue(rows)
        inherited = type(Rfm)._select

        def _select(report):
            return inherited(report) + ", p.health_score AS lc_health_score"
        with patch.object(type(Rfm), "_select", _select):
            Rfm.init()
        self.env.cr.execute("SELECT id, partner_id, r_score, lc_health_score FROM %s ORDER BY id"
                            % Rfm._table)
        extended = self.env.cr.fetchall()
        self.assertEqual([row[:3] for row in extended], rows)
        profiles = self.Profile.browse([row[0] for row in extended])
        # (the ORM reads an empty integer as 0)
        self.assertEqual([row[3] or 0 for row in extended], profiles.mapped("health_score"))
        Rfm.init()
        self.assertNotIn("lc_health_score", self.view_columns(Rfm._table))
        self.assertEqual(self.view_definition(Rfm._table), before)
