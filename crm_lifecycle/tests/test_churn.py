# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn risk and predicted CLV wired into the profiles: fallback without enough data,
predictions from a stored fit, at risk by P(alive), and a backtest with a known answer."""
import datetime

import numpy as np
from lxml import etree

from .. import compat
from ..engine import churn, clv
from ..models.lifecycle_profile import MODEL_FIELDS
from ..tools import testing
from .common import LifecycleCase

# Fader, Hardie & Lee (2005) on CDNOW, and Fader & Hardie's Gamma-Gamma note.
CDNOW_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
CDNOW_GG = {"gg_p": 6.25, "gg_q": 3.74, "gg_gamma": 15.44}


class TestChurnProfiles(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_company("Churn Test Co")
        # weekly buyer still buying; a weekly buyer silent for 20 weeks; a one-off buyer
        cls.steady = cls.customer("Steady", company_id=cls.company.id)
        for weeks_ago in range(10, 0, -1):
            cls.sale(cls.steady, 7 * weeks_ago, 100.0)
        cls.silent = cls.customer("Silent", company_id=cls.company.id)
        for weeks_ago in range(30, 20, -1):
            cls.sale(cls.silent, 7 * weeks_ago, 100.0)
        cls.once = cls.customer("Once", company_id=cls.company.id)
        cls.sale(cls.once, 14, 300.0)

    def test_too_little_data_falls_back_to_cadence(self):
        fits = self.env["crm.lifecycle.model.fit"]._refit()
        fit = fits.filtered(lambda f: f.company_id == self.company)
        self.assertEqual(fit.state, "insufficient")
        self.assertIn("fewer than the 100", fit.message)
        self.recompute()
        profile = self.profile(self.silent)
        self.assertEqual(profile.churn_basis, "cadence")
        # no prediction: the columns are empty, not a probability or a value of 0 ...
        self.env.cr.execute("SELECT p_alive, churn_risk, expected_90, expected_365, clv_12m, "
                            "value_at_risk FROM crm_lifecycle_profile WHERE id = %s", [profile.id])
        self.assertEqual(self.env.cr.fetchone(), (None,) * 6)
        # ... the API says False (XML-RPC carries no None), and the form says why
        row = self.Profile.api_get_profiles([self.silent.id])[0]
        self.assertEqual({name: row[name] for name in MODEL_FIELDS}, dict.fromkeys(MODEL_FIELDS, False))
        self.assertEqual(row["churn_basis"], "cadence")
        self.assertEqual(row["annual_value"], profile.annual_value)
        self.assertIn("needs 100 repeat buyers, the company has 2", profile.churn_model_note)
        self.assertEqual(self.silent.with_env(self.env).lifecycle_churn_model_note,
                         profile.churn_model_note)
        # the cadence rule: 147 days silent > max(90, 1.5 x 7)
        self.assertEqual(profile.stage_id.code, "at_risk")
        self.assertIn("typical interval", profile.transition_ids[:1].reason)

    def test_predictions_from_a_stored_fit(self):
        values = dict(CDNOW_BGNBD, **CDNOW_GG)
        self.env["crm.lifecycle.model.fit"].create(dict(
            values, company_id=self.company.id, fit_date=compat.date_field_value(self.today), state="valid",
            customers=3, repeat_buyers=2))
        self.recompute()
        steady, silent, once = self.profile(self.steady), self.profile(self.silent), self.profile(self.once)
        self.assertEqual({steady.churn_basis, silent.churn_basis, once.churn_basis}, {"model"})
        # independent check: the same inputs straight through the math
        events = churn.order_events(self.env, self.today, company_ids=[self.company.id])[self.company.id]
        summary = churn.summarise(events, self.today)
        expected = dict(zip(summary["customer_ids"].tolist(), clv.p_alive(
            CDNOW_BGNBD, summary["frequency"], summary["recency"], summary["T"]).tolist()))
        for profile in (steady, silent, once):
            self.assertAlmostEqual(profile.p_alive, expected[profile.partner_id.id], places=3)
            self.assertAlmostEqual(profile.churn_risk, 1 - profile.p_alive, places=3)
            self.assertGreaterEqual(profile.clv_12m, 0.0)
            self.assertAlmostEqual(profile.value_at_risk, profile.churn_risk * profile.annual_value, places=1)
        self.assertAlmostEqual(once.p_alive, 1.0, places=3, msg="no repeat purchase: alive by the model")
        self.assertGreater(steady.p_alive, 0.8)
        self.assertLess(silent.p_alive, 0.5)
        self.assertGreater(steady.expected_365, steady.expected_90)
        self.assertGreater(steady.clv_12m, silent.clv_12m)
        # at risk by the model, and said so
        self.assertEqual(silent.stage_id.code, "at_risk")
        self.assertIn("P(alive)", silent.transition_ids[:1].reason)
        rows = self.Profile.api_get_profiles([self.silent.id])
        self.assertAlmostEqual(rows[0]["p_alive"], silent.p_alive)
        self.assertAlmostEqual(rows[0]["clv_12m"], silent.clv_12m)
        self.assertFalse(silent.churn_model_note)

    def test_no_fit_yet_is_explained(self):
        """Before any fit of the company, the note says none was fitted."""
        self.recompute()
        profile = self.profile(self.steady)
        self.assertEqual(profile.churn_basis, "cadence")
        self.assertIn("No churn model fitted yet", profile.churn_model_note)
        self.assertIs(self.Profile.api_get_profiles([self.steady.id])[0]["p_alive"], False)

    def test_model_fields_hidden_without_a_model(self):
        """The profile form, the at-risk list and the partner's lifecycle tab show the
        model's figures only with a prediction (a condition in the series' own form) and
        the note otherwise."""
        condition = (compat.modifier_expression([("churn_basis", "!=", "model")])
                     if compat.MODIFIERS_AS_EXPRESSIONS else None)
        for xml_id, field, basis in (
                ("crm_lifecycle.crm_lifecycle_profile_view_form", "p_alive", "churn_basis"),
                ("crm_lifecycle.crm_lifecycle_profile_view_tree_at_risk", "clv_12m", "churn_basis"),
                ("crm_lifecycle.res_partner_view_form_lifecycle", "lifecycle_p_alive",
                 "lifecycle_churn_basis")):
            arch = etree.fromstring(self.env.ref(xml_id).arch)
            node = arch.xpath("//field[@name='%s']" % field)[0]
            if condition:
                self.assertEqual(node.get("invisible"), condition.replace("churn_basis", basis))
                self.assertIsNone(node.get("attrs"))
            else:
                self.assertEqual(node.get("attrs"), "{'invisible': [('%s', '!=', 'model')]}" % basis)
            if "form" in xml_id:
                self.assertTrue(arch.xpath("//field[contains(@name, 'churn_model_note')]"), xml_id)

    def test_no_list_totals_the_model_figures(self):
        """Without a valid fit the model's figures are empty: a list total under them would
        read 0.00 (the at-risk list did), so no list of the profiles totals them."""
        views = self.env["ir.ui.view"].search([("model", "=", "crm.lifecycle.profile"),
                                               ("type", "=", compat.LIST_VIEW)])
        self.assertTrue(views)
        for view in views:
            arch = etree.fromstring(view.arch)
            for name in MODEL_FIELDS:
                for node in arch.xpath("//field[@name='%s']" % name):
                    self.assertIsNone(node.get("sum"), "%s totals %s" % (view.name, name))

    def test_modifier_expression(self):
        self.assertEqual(compat.modifier_expression([("a", "!=", "model")]), "a != 'model'")
        self.assertEqual(compat.modifier_expression([("a", "=", False), ("b", "in", [1, 2])]),
                         "a == False and b in [1, 2]")
        self.assertEqual(compat.modifier_expression(["|", ("a", "=", 1), "!", ("b", ">", 2)]),
                         "(a == 1 or not (b > 2))")

    def test_sql_summary_matches_the_math(self):
        """The engine's per-customer summary (SQL) equals summarise() over the raw orders."""
        events = churn.order_events(self.env, self.today, company_ids=[self.company.id])[self.company.id]
        expected = churn.summarise(events, self.today)
        got = churn.order_summaries(self.env, self.today, company_ids=[self.company.id])[self.company.id]
        self.assertEqual(got["customer_ids"].tolist(), expected["customer_ids"].tolist())
        self.assertGreater(expected["frequency"].max(), 0, "the fixture has repeat buyers")
        for key in ("frequency", "recency", "T", "monetary_value"):
            np.testing.assert_allclose(got[key], expected[key], rtol=1e-9, err_msg=key)
        one = churn.order_summaries(self.env, self.today, partner_ids=[self.steady.id])[self.company.id]
        self.assertEqual(one["customer_ids"].tolist(), [self.steady.id])

    def test_refit_button_is_for_managers(self):
        from odoo.exceptions import UserError
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Seller", "login": "lc_churn_seller",
            compat.USER_GROUPS_FIELD: [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])]})
        with self.assertRaises(UserError):
            testing.as_user(self.env["crm.lifecycle.model.fit"], user).action_refit()


class TestBacktestKnownAnswer(LifecycleCase):
    """Purchases simulated from the BG/NBD process itself, so the truth is known: who
    had dropped out by the cutoff, and how much everybody bought afterwards."""

    def simulate(self, rng, n, r, alpha, a, b, weeks):
        """Event-level simulation: returns (ids, days, amounts, dead_at) with dead_at the
        week each customer dropped out (inf if never), time 0 = 2024-01-01."""
        start = np.datetime64("2024-01-01")
        ids, days, amounts, dead_at = [], [], [], np.full(n, np.inf)
        for customer in range(n):
            lam, p = rng.gamma(r, 1.0 / alpha), rng.beta(a, b)
            nu = rng.gamma(3.7, 1.0 / 15.0)  # Gamma-Gamma: spend per order ~ Gamma(6, nu)
            t = birth = rng.uniform(0, 26)
            ids.append(customer)
            days.append(start + np.timedelta64(int(birth * 7), "D"))
            amounts.append(rng.gamma(6.0, 1.0 / nu))
            while True:
                t += rng.exponential(1.0 / lam)
                if t > weeks:
                    break
                ids.append(customer)
                days.append(start + np.timedelta64(int(t * 7), "D"))
                amounts.append(rng.gamma(6.0, 1.0 / nu))
                if rng.rand() < p:  # drops out after this repeat purchase
                    dead_at[customer] = t
                    break
        return (np.array(ids), np.array(days, dtype="datetime64[D]"), np.array(amounts)), dead_at

    def test_backtest_against_the_truth(self):
        rng = np.random.RandomState(11)
        calibration, horizon = 52, 26
        events, dead_at = self.simulate(rng, 2000, r=0.5, alpha=4.0, a=0.8, b=2.5,
                                        weeks=calibration + horizon)
        start = np.datetime64("2024-01-01")
        cutoff = start + np.timedelta64(7 * calibration, "D")
        summary = churn.summarise(events, cutoff)
        state, message, bgnbd, _gamma_gamma = churn.fit(summary, min_repeat_buyers=100)
        self.assertEqual(state, "valid", message)
        end = start + np.timedelta64(7 * (calibration + horizon), "D")
        actual = churn.purchases_between(events, summary["customer_ids"], cutoff, end)
        result = churn.backtest(summary, actual, bgnbd, horizon * 7, 0.5)
        # the bookkeeping, recomputed here
        p_alive = clv.p_alive(bgnbd, summary["frequency"], summary["recency"], summary["T"])
        flagged, churned = p_alive < 0.5, actual == 0
        self.assertEqual(result["customers"], 2000)
        self.assertEqual(result["churned"], int(churned.sum()))
        self.assertAlmostEqual(result["precision"], (flagged & churned).sum() / float(flagged.sum()))
        self.assertAlmostEqual(result["recall"], (flagged & churned).sum() / float(churned.sum()))
        self.assertEqual(sum(d["customers"] for d in result["deciles"]), 2000)
        self.assertAlmostEqual(sum(d["actual"] for d in result["deciles"]), result["actual_total"])
        # the model against the truth: flagged customers had really dropped out, and the
        # purchases it expects are those that happened
        dead = dead_at[summary["customer_ids"]] <= calibration
        # calibrated: among the flagged, the share really gone is what P(alive) said (0.79
        # here), and so over everybody (0.38)
        self.assertAlmostEqual((flagged & dead).sum() / float(flagged.sum()), (1 - p_alive[flagged]).mean(),
                               delta=0.05)
        self.assertAlmostEqual(dead.mean(), (1 - p_alive).mean(), delta=0.03)
        self.assertGreater(result["precision"], 0.8)
        self.assertAlmostEqual(result["predicted_total"] / result["actual_total"], 1.0, delta=0.15)
        self.assertGreater(result["deciles"][0]["actual"], 5 * result["deciles"][-1]["actual"])
        # against the naive baselines: on data that follows the model's own story it beats both
        # (the per-customer errors recomputed here), and earns an A
        last = churn.purchases_between(events, summary["customer_ids"],
                                       cutoff - np.timedelta64(7 * horizon, "D"), cutoff)
        result = churn.backtest(summary, actual, bgnbd, horizon * 7, 0.5, last_period=last)
        predicted = clv.expected_purchases(bgnbd, horizon, summary["frequency"], summary["recency"],
                                           summary["T"])
        rate = summary["frequency"] / summary["T"] * horizon
        self.assertAlmostEqual(result["mae_model"], np.abs(predicted - actual).mean())
        self.assertAlmostEqual(result["mae_rate"], np.abs(rate - actual).mean())
        self.assertAlmostEqual(result["mae_last"], np.abs(last - actual).mean())
        self.assertLess(result["mae_model"], 0.9 * min(result["mae_rate"], result["mae_last"]))
        self.assertAlmostEqual(sum(d["baseline_last"] for d in result["deciles"]), last.sum())
        self.assertEqual(churn.grade(result), "A")
        grade, graded = churn.grade_fit(events, cutoff, horizon * 7, 100)
        self.assertEqual((grade, graded["mae_model"]), ("A", result["mae_model"]))

    def test_grade_rules(self):
        def result(model, rate, last, predicted=100.0, actual=100.0):
            return {"mae_model": model, "mae_rate": rate, "mae_last": last,
                    "predicted_total": predicted, "actual_total": actual}
        self.assertEqual(churn.grade(result(0.5, 0.7, 0.6)), "A")
        self.assertEqual(churn.grade(result(0.5, 0.7, 0.6, predicted=130.0)), "B", "total 30 % off")
        self.assertEqual(churn.grade(result(0.58, 0.7, 0.6)), "B", "under 10 % better")
        self.assertEqual(churn.grade(result(0.6, 0.7, 0.6)), "C", "no better than the last period")
        self.assertEqual(churn.grade(result(0.5, 0.45, None)), "C", "worse than its own rate")

    def test_calibration_graph_rows(self):
        test = self.env["crm.lifecycle.backtest"].create({
            "cutoff_date": compat.date_field_value(self.today - datetime.timedelta(days=200)),
            "horizon_days": 180})
        test.write({"state": "done", "line_ids": [
            (0, 0, {"decile": 1, "customers": 5, "predicted": 9.0, "actual": 8.0, "baseline_history": 7.0,
                    "baseline_last": 6.0}),
            (0, 0, {"decile": 2, "customers": 5, "predicted": 2.0, "actual": 3.0, "baseline_history": 1.0,
                    "baseline_last": 0.0})]})
        action = test.action_open_calibration()
        rows = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual({(r.decile, r.series): r.purchases for r in rows}, {
            (1, "actual"): 8.0, (1, "model"): 9.0, (1, "rate"): 7.0, (1, "last"): 6.0,
            (2, "actual"): 3.0, (2, "model"): 2.0, (2, "rate"): 1.0, (2, "last"): 0.0})
        self.assertEqual(rows.mapped("company_id"), test.company_id)

    def test_backtest_record_refuses_an_unfinished_horizon(self):
        from odoo.exceptions import UserError
        test = self.env["crm.lifecycle.backtest"].create({
            "cutoff_date": compat.date_field_value(self.today - datetime.timedelta(days=30)),
            "horizon_days": 90})
        with self.assertRaises(UserError):
            test.action_run()
