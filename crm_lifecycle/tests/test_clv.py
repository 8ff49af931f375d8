# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The statistics core (engine/clv.py) against published results and known answers.

* CDNOW, the standard BTYD benchmark (the 1/10 sample: 2,357 customers of the first
  quarter 1997 cohort, 39-week calibration period ending 1997-09-30), read out of the
  Lifetimes wheel that setup/fixtures.sh puts in .work/fixtures: BG/NBD estimates of Fader,
  Hardie & Lee (2005) and Gamma-Gamma estimates of Fader & Hardie (2013).
* Simulated BG/NBD customers with known parameters.
* Degenerate inputs. No database is needed."""
import ast
import datetime
import math
import os
import unittest
import zipfile

import numpy as np

from ..engine import clv

WHEEL = "Lifetimes-0.11.3-py3-none-any.whl"
CALIBRATION_END = np.datetime64("1997-09-30")
# Fader, Hardie & Lee (2005), CDNOW 1/10 sample, 39-week calibration period
BGNBD_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
BGNBD_PUBLISHED_LL = -9582.4
# Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": the 946 repeat buyers
# of the same sample, mean value of their repeat transactions in the calibration period
GG_PUBLISHED = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def _wheel_path():
    """The Lifetimes wheel: $CRM_LIFECYCLE_FIXTURES (the folder, or the wheel itself), else
    <repo>/.work/fixtures."""
    env = os.environ.get("CRM_LIFECYCLE_FIXTURES")
    if env:
        return env if os.path.isfile(env) else os.path.join(env, WHEEL)
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", ".work", "fixtures", WHEEL))


def _read_wheel(*names):
    path = _wheel_path()
    if not os.path.isfile(path):
        raise AssertionError("CDNOW fixture missing: %s (setup/fixtures.sh downloads it)" % path)
    with zipfile.ZipFile(path) as wheel:
        return [wheel.read("lifetimes/datasets/" + name).decode("ascii") for name in names]


def _series_2f1(A, B, C, z):
    """Gauss's series, summed term by term (|z| < 1): an independent reference."""
    total, term, k = 0.0, 1.0, 0
    while k < 5 or abs(term) > 1e-17 * abs(total):
        total += term
        term *= (A + k) * (B + k) / ((C + k) * (k + 1.0)) * z
        k += 1
    return total


def _expected_by_hand(params, t, x, t_x, T):
    """E[Y(t) | x, t_x, T]: equation (10) of Fader, Hardie & Lee (2005), as printed."""
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    bracket = 1.0 - ((alpha + T) / (alpha + T + t)) ** (r + x) * _series_2f1(
        r + x, b + x, a + b + x - 1.0, z)
    odds = a / (b + x - 1.0) * ((alpha + T) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0
    return (a + b + x - 1.0) / (a - 1.0) * bracket / (1.0 + odds)


def _simulate_bgnbd(rng, n, r, alpha, a, b):
    """n customers drawn from the BG/NBD with ages uniform in [26, 78] periods."""
    T = rng.uniform(26.0, 78.0, n)
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    dies_after = rng.geometric(p)       # drops out right after this repeat purchase
    would_buy = rng.poisson(lam * T)    # repeat purchases of the Poisson process in (0, T]
    x = np.minimum(would_buy, dies_after)
    # the x-th of `would_buy` uniform arrival times in (0, T]: T * Beta(x, would_buy - x + 1)
    t_x = np.where(x > 0, T * rng.beta(np.maximum(x, 1), would_buy - x + 1), 0.0)
    return x.astype(float), t_x, T


class TestCLV(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        raw, published = _read_wheel(
            "CDNOW_sample.txt", "cdnow_customers_summary_with_transactions.csv")
        # CDNOW_sample.txt: master customer id, sample customer id (1..2357), date
        # YYYYMMDD, number of CDs, dollar value; one line per purchase, 1997-01 to 1998-06
        rows = [line.split() for line in raw.splitlines() if line.strip()]
        cls.ids = np.array([int(row[1]) for row in rows])
        cls.dates = np.array(["%s-%s-%s" % (row[2][:4], row[2][4:6], row[2][6:]) for row in rows],
                             dtype="datetime64[D]")
        cls.amounts = np.array([float(row[4]) for row in rows])
        # Fader & Hardie's summary (ID, x, t_x, T, zbar; weeks, 2 decimals), for a cross-check
        cls.published = np.array([[float(v) for v in line.split(",")]
                                  for line in published.splitlines()[1:] if line.strip()])
        # time in weeks, purchases on the same day are one transaction
        cls.cdnow = clv.summary_from_transactions(
            cls.ids, cls.dates, cls.amounts, CALIBRATION_END, period_days=7, grain_days=1)

    def assertRelative(self, actual, expected, tolerance, label):
        self.assertLessEqual(abs(actual / expected - 1.0), tolerance,
                             "%s: %.6g vs %.6g (tolerance %g)" % (label, actual, expected, tolerance))

    # ---------------------------------------------------------------------- CDNOW

    def test_cdnow_summary(self):
        s, ref = self.cdnow, self.published
        self.assertEqual(len(self.ids), 6919)
        self.assertEqual(len(s["customer_ids"]), 2357)
        self.assertEqual(int(np.count_nonzero(s["frequency"] > 0)), 946)
        np.testing.assert_array_equal(s["customer_ids"], ref[:, 0])
        np.testing.assert_array_equal(s["frequency"], ref[:, 1])
        np.testing.assert_allclose(s["recency"], ref[:, 2], atol=0.005 + 1e-9)
        np.testing.assert_allclose(s["T"], ref[:, 3], atol=0.005 + 1e-9)
        np.testing.assert_allclose(s["monetary_value"], ref[:, 4], atol=0.01 + 1e-9)
        # the whole cohort was acquired in the first quarter of 1997
        self.assertAlmostEqual(s["T"].max(), 272 / 7.0)
        self.assertGreater(s["T"].min(), 26.0)

    def test_cdnow_bgnbd(self):
        s = self.cdnow
        fit = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
        self.assertTrue(fit.converged, fit.message)
        self.assertEqual(fit.n, 2357)
        for name, value in BGNBD_PUBLISHED.items():
            self.assertRelative(fit.params[name], value, 0.02, name)
        self.assertAlmostEqual(fit.log_likelihood, BGNBD_PUBLISHED_LL, delta=1.0)
        # the published summary file gives the same estimates
        ref = self.published
        fit2 = clv.fit_bgnbd(ref[:, 1], ref[:, 2], ref[:, 3])
        self.assertTrue(fit2.converged, fit2.message)
        for name, value in BGNBD_PUBLISHED.items():
            self.assertRelative(fit2.params[name], value, 0.02, name + " (published summary)")

    def test_cdnow_gamma_gamma(self):
        s = self.cdnow
        fit = clv.fit_gamma_gamma(s["frequency"], s["monetary_value"])
        self.assertTrue(fit.converged, fit.message)
        self.assertEqual(fit.n, 946, "repeat buyers only")
        for name, value in GG_PUBLISHED.items():
            self.assertRelative(fit.params[name], value, 0.02, name)
        # E(M) = p (gamma + x m) / (p x + q - 1), by hand for a customer with 2 repeat
        # purchases averaging 22.35 (sample customer 1)
        p, q, g = GG_PUBLISHED["p"], GG_PUBLISHED["q"], GG_PUBLISHED["gamma"]
        self.assertAlmostEqual(float(clv.expected_spend(GG_PUBLISHED, 2, 22.35)),
                               p * (g + 2 * 22.35) / (p * 2 + q - 1), places=9)
        self.assertAlmostEqual(float(clv.expected_spend(GG_PUBLISHED, 0, 0)),
                               p * g / (q - 1), places=9)

    def test_cdnow_predictions(self):
        params = BGNBD_PUBLISHED
        r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
        # Hardie's BG/NBD spreadsheet: x = 2, t_x = 30.43, T = 38.86, next 39 weeks
        self.assertAlmostEqual(float(clv.expected_purchases(params, 39, 2, 30.43, 38.86)),
                               1.226, delta=0.001)
        # P(alive) by hand (equation 13 of the paper)
        x, t_x, T = 2, 30.43, 38.86
        by_hand = 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
        self.assertAlmostEqual(float(clv.p_alive(params, x, t_x, T)), by_hand, places=12)
        # a new customer's expectation is the conditional one of a customer with no history
        for t in (1.0, 39.0, 78.0):
            self.assertAlmostEqual(float(clv.expected_purchases_new(params, t)),
                                   float(clv.expected_purchases(params, t, 0, 0, 0)), places=10)
        # predictions for the whole cohort, vectorised: finite and non-negative
        s = self.cdnow
        pred = clv.expected_purchases(params, 39, s["frequency"], s["recency"], s["T"])
        self.assertEqual(pred.shape, (2357,))
        self.assertTrue(np.all(np.isfinite(pred)) and np.all(pred >= 0))

    def test_expected_purchases_against_the_series(self):
        """The stable evaluation (Euler-transformed hyp2f1, a = 1 and a+b+x = 1 handled)
        against the paper's formula summed term by term, including a < 1, a > 1, a near 1,
        a + b < 1 and large x."""
        cases = [(0.243, 4.414, 0.793, 2.426), (2.0, 10.0, 1.5, 8.0), (0.5, 3.0, 1.001, 3.0),
                 (0.5, 3.0, 0.999, 3.0), (1.0, 1.0, 0.2, 0.3), (0.1, 0.5, 10.0, 1.0)]
        customers = [(0, 0.0, 10.0), (1, 5.0, 10.0), (5, 20.0, 40.0), (30, 39.0, 40.0),
                     (150, 99.0, 100.0)]
        for params in cases:
            for x, t_x, T in customers:
                for t in (0.5, 4.3, 52.0, 260.0):
                    got = float(clv.expected_purchases(params, t, x, t_x, T))
                    want = _expected_by_hand(params, t, x, t_x, T)
                    self.assertLessEqual(abs(got - want), 1e-7 * max(abs(want), 1e-9),
                                         "%s x=%s t_x=%s T=%s t=%s: %r vs %r"
                                         % (params, x, t_x, T, t, got, want))
        # continuous through the removable singularities a = 1 and a + b = 1 (x = 0)
        near = [float(clv.expected_purchases((0.5, 3.0, a, 3.0), 52.0, 5, 20.0, 40.0))
                for a in (1.0 - 1e-4, 1.0, 1.0 + 1e-9, 1.0 + 1e-4)]
        self.assertTrue(all(np.isfinite(near)))
        self.assertLess(max(near) - min(near), 1e-3 * near[1])
        near = [float(clv.expected_purchases_new((1.0, 1.0, 0.2, b), 52.0))
                for b in (0.8 - 1e-4, 0.8, 0.8 + 1e-12, 0.8 + 1e-4)]
        self.assertTrue(all(np.isfinite(near)))
        self.assertLess(max(near) - min(near), 1e-3 * near[1])

    def test_cdnow_clv(self):
        s = self.cdnow
        bg = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
        gg = clv.fit_gamma_gamma(s["frequency"], s["monetary_value"])
        args = (s["frequency"], s["recency"], s["T"], s["monetary_value"])
        value = clv.clv(bg, gg, *args)
        self.assertEqual(value.shape, (2357,))
        self.assertTrue(np.all(np.isfinite(value)) and np.all(value >= 0))
        # by hand for a few customers: sum over months of the month's expected purchases
        # times the expected spend, discounted monthly
        for i in (0, 1, 17, 1000):
            x, t_x, T, m = [float(v[i]) for v in args]
            spend = float(clv.expected_spend(gg, x, m))
            total, before = 0.0, 0.0
            for month in range(1, 13):
                cum = float(clv.expected_purchases(bg, month * 4.345, x, t_x, T))
                total += (cum - before) * spend / 1.01 ** month
                before = cum
            self.assertAlmostEqual(float(value[i]), total, places=8)
        # undiscounted: expected purchases over the horizon times the expected spend
        flat = clv.clv(bg, gg, *args, months=6, discount_rate_monthly=0.0)
        np.testing.assert_allclose(
            flat, clv.expected_purchases(bg, 6 * 4.345, *args[:3])
            * clv.expected_spend(gg, s["frequency"], s["monetary_value"]), rtol=1e-9)
        # a longer horizon is worth more; no horizon is worth nothing
        longer = clv.clv(bg, gg, *args, months=24)
        self.assertTrue(np.all(longer >= value - 1e-9))
        self.assertTrue(np.all(clv.clv(bg, gg, *args, months=0) == 0))

    # ---------------------------------------------------------------- known answer

    def test_simulated_customers(self):
        true = {"r": 0.8, "alpha": 6.0, "a": 0.6, "b": 3.0}
        rng = np.random.Generator(np.random.PCG64(20260101))
        x, t_x, T = _simulate_bgnbd(rng, 20000, **true)
        self.assertTrue(clv.enough_data(x))
        fit = clv.fit_bgnbd(x, t_x, T)
        self.assertTrue(fit.converged, fit.message)
        for name, value in true.items():
            self.assertRelative(fit.params[name], value, 0.15, name)
        # P(alive): 1 without repeat purchase, lower after a longer silence, in [0, 1]
        np.testing.assert_array_equal(clv.p_alive(fit, [0, 0], [0, 0], [5.0, 50.0]), [1.0, 1.0])
        silence = clv.p_alive(fit, 3, [40.0, 30.0, 20.0, 10.0], 40.0)
        self.assertTrue(np.all(np.diff(silence) < 0), silence)
        alive = clv.p_alive(fit, x, t_x, T)
        self.assertTrue(np.all((alive >= 0) & (alive <= 1)))
        self.assertTrue(np.all(alive[x == 0] == 1.0))
        # expected purchases: non-negative, growing with the horizon, 0 at t = 0
        horizons = np.array([0.0, 1.0, 4.0, 13.0, 52.0])[:, None]
        pred = clv.expected_purchases(fit, horizons, x[None, :500], t_x[None, :500], T[None, :500])
        self.assertTrue(np.all(pred >= 0))
        self.assertTrue(np.all(pred[0] == 0))
        self.assertTrue(np.all(np.diff(pred, axis=0) >= -1e-12))
        # and on average they match what the true model predicts for the same customers
        true_pred = clv.expected_purchases(true, 52.0, x, t_x, T)
        self.assertRelative(float(clv.expected_purchases(fit, 52.0, x, t_x, T).sum()),
                            float(true_pred.sum()), 0.05, "expected purchases in 52 periods")

    # --------------------------------------------------------- transactions summary

    def test_summary_from_transactions(self):
        ids = ["b", "a", "a", "a", "a", "b", "c", "a"]
        dates = ["2020-01-01", "2020-01-01", "2020-01-03", "2020-01-09", "2020-01-20",
                 "2020-01-02", "2020-02-01", "2020-02-05"]
        amounts = [10.0, 5.0, 7.0, 3.0, 1.0, 4.0, 100.0, 50.0]
        # weekly grains counted from each customer's first purchase: a buys in weeks 0
        # (days 0 and 2), 1 (day 8) and 2 (day 19); b twice in week 0; c and a's last
        # purchase come after the cutoff
        s = clv.summary_from_transactions(ids, dates, amounts, "2020-01-31")
        self.assertEqual(list(s["customer_ids"]), ["a", "b"])
        np.testing.assert_array_equal(s["frequency"], [2, 0])
        np.testing.assert_array_equal(s["recency"], [2, 0])
        np.testing.assert_array_equal(s["T"], [4, 4])
        np.testing.assert_array_equal(s["monetary_value"], [2.0, 0.0])
        # daily grains, time still in weeks; dates and cutoff as date objects
        day_dates = [datetime.date(*map(int, d.split("-"))) for d in dates]
        s = clv.summary_from_transactions(ids, day_dates, amounts, datetime.date(2020, 1, 31),
                                          period_days=7, grain_days=1)
        np.testing.assert_array_equal(s["frequency"], [3, 1])
        np.testing.assert_allclose(s["recency"], [19 / 7.0, 1 / 7.0])
        np.testing.assert_allclose(s["T"], [30 / 7.0, 30 / 7.0])
        np.testing.assert_allclose(s["monetary_value"], [11 / 3.0, 4.0])
        # same-day purchases are one transaction, their amounts summed
        s = clv.summary_from_transactions([1, 1, 1], ["2020-01-01", "2020-01-05", "2020-01-05"],
                                          [1.0, 2.0, 3.0], "2020-01-10", grain_days=1)
        np.testing.assert_array_equal(s["frequency"], [1])
        np.testing.assert_array_equal(s["monetary_value"], [5.0])
        # nothing before the cutoff: empty arrays
        s = clv.summary_from_transactions([1], ["2021-01-01"], [1.0], "2020-01-01")
        self.assertEqual(len(s["frequency"]), 0)

    # ------------------------------------------------------------------ degenerate

    def test_degenerate_inputs(self):
        # too few customers, no repeat purchase, nothing at all: no fit, no exception
        for args in (([1, 0, 2], [3, 0, 5], [10, 10, 10]),
                     (np.zeros(50), np.zeros(50), np.full(50, 30.0)),
                     ([], [], [])):
            fit = clv.fit_bgnbd(*args)
            self.assertFalse(fit.converged)
            self.assertTrue(fit.message)
            self.assertFalse(clv.enough_data(args[0]))
        # nobody ever drops out (pure NBD data): the beta parameters run off to infinity
        rng = np.random.Generator(np.random.PCG64(7))
        T = rng.uniform(26.0, 78.0, 3000)
        buys = rng.poisson(rng.gamma(0.8, 1.0 / 6.0, 3000) * T)
        t_x = np.where(buys > 0, T * rng.beta(np.maximum(buys, 1), 1), 0.0)
        fit = clv.fit_bgnbd(buys, t_x, T)
        self.assertFalse(fit.converged, fit)
        # a single repeat buyer among 200
        x = np.zeros(200)
        x[0] = 1
        fit = clv.fit_bgnbd(x, x * 5.0, np.full(200, 30.0))
        self.assertFalse(fit.converged, fit)
        # Gamma-Gamma: too few repeat buyers, or no variation at all
        self.assertFalse(clv.fit_gamma_gamma([1, 2, 0], [10.0, 20.0, 0.0]).converged)
        self.assertFalse(clv.fit_gamma_gamma(np.ones(50), np.full(50, 10.0)).converged)
        # the minimum-data rule
        self.assertTrue(clv.enough_data([1] * 100 + [0] * 10))
        self.assertFalse(clv.enough_data([1] * 99 + [0] * 1000))
        self.assertTrue(clv.enough_data([2, 0, 1], min_repeat_buyers=2))
        # malformed input is an error, not a silent fit
        with self.assertRaises(ValueError):
            clv.fit_bgnbd([1, 2], [5, 50], [10, 10])     # recency beyond T
        with self.assertRaises(ValueError):
            clv.p_alive(BGNBD_PUBLISHED, [np.nan], [1], [2])

    def test_result_and_parameters(self):
        s = self.cdnow
        fit = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"], penalizer=0.001)
        self.assertTrue(fit.converged, fit.message)
        d = fit.as_dict()
        for key in ("r", "alpha", "a", "b", "log_likelihood", "n", "converged", "message"):
            self.assertIn(key, d)
        self.assertEqual(fit["r"], fit.params["r"])
        # params as a FitResult, a dict or a (r, alpha, a, b) tuple give the same answer
        args = (2, 30.43, 38.86)
        one = clv.p_alive(fit, *args)
        self.assertEqual(one, clv.p_alive(fit.params, *args))
        self.assertEqual(one, clv.p_alive(fit.values(), *args))
        # the penalty pulls the log-parameters towards 0
        plain = clv.fit_bgnbd(s["frequency"], s["recency"], s["T"])
        self.assertLess(sum(math.log(v) ** 2 for v in fit.values()),
                        sum(math.log(v) ** 2 for v in plain.values()))

    def test_pure_numpy_module(self):
        """The core imports nothing but numpy and scipy (the engine feeds it SQL rows)."""
        with open(clv.__file__.replace(".pyc", ".py")) as handle:
            tree = ast.parse(handle.read())
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                modules.add((node.module or "").split(".")[0])
        self.assertEqual(modules, {"numpy", "scipy"})
