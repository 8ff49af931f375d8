# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn risk and predicted lifetime value from each company's own confirmed orders:
BG/NBD for repeat purchases and dropout, Gamma-Gamma for spend (clv.py holds the math).

Each customer's purchase summary comes from SQL (queries.ORDER_SUMMARY for a fit, the
recompute's own lc_metrics for its predictions; the raw orders, queries.ORDER_EVENTS,
only for backtests); the models work on numpy arrays
over all customers at once. Time is counted in weeks, purchases per day.
"""
import io
import logging
import math

import numpy as np

from . import clv, queries

_logger = logging.getLogger(__name__)

PERIOD_DAYS = 7.0
PERIODS_PER_MONTH = 365.25 / 12 / PERIOD_DAYS


def order_events(env, ref_date, partner_ids=None, company_ids=None):
    """{company_id: (partner_ids, days, amounts)} of confirmed orders up to ref_date."""
    env.cr.execute(queries.ORDER_EVENTS, {
        "ref_date": ref_date, "full": partner_ids is None, "partner_ids": list(partner_ids or []),
        "company_ids": list(company_ids) if company_ids else None})
    rows = env.cr.fetchall()
    by_company = {}
    for partner_id, company_id, day, amount in rows:
        by_company.setdefault(company_id, []).append((partner_id, str(day)[:10], float(amount or 0.0)))
    return {company: (np.array([r[0] for r in items]), np.array([r[1] for r in items], dtype="datetime64[D]"),
                      np.array([r[2] for r in items]))
            for company, items in by_company.items()}


def order_summaries(env, ref_date, partner_ids=None, company_ids=None):
    """{company_id: summary} as summarise() gives it, aggregated in SQL (queries.ORDER_SUMMARY):
    one row per customer crosses to Python instead of one per order."""
    env.cr.execute(queries.ORDER_SUMMARY, {
        "ref_date": ref_date, "full": partner_ids is None, "partner_ids": list(partner_ids or []),
        "company_ids": list(company_ids) if company_ids else None, "period_days": PERIOD_DAYS})
    return _summaries(env.cr.fetchall())


def metrics_summaries(env, ref_date, company_ids):
    """The same summaries from a recompute's lc_metrics (queries.METRICS_ORDER_SUMMARY)."""
    env.cr.execute(queries.METRICS_ORDER_SUMMARY, {
        "ref_date": ref_date, "company_ids": list(company_ids), "period_days": PERIOD_DAYS})
    return {company_id: {"customer_ids": np.array(customers, dtype=np.int64),
                         "frequency": np.array(frequency, dtype=float),
                         "recency": np.array(recency, dtype=float),
                         "T": np.array(t, dtype=float), "monetary_value": np.array(monetary, dtype=float)}
            for company_id, customers, frequency, recency, t, monetary in env.cr.fetchall()}


def _summaries(rows):
    """Rows (company_id, customer_id, frequency, recency, T, monetary_value) sorted by
    company, as {company_id: arrays}."""
    summaries = {}
    start = 0
    for end in range(1, len(rows) + 1):
        if end == len(rows) or rows[end][0] != rows[start][0]:
            block = np.array([row[1:] for row in rows[start:end]], dtype=float)
            summaries[rows[start][0]] = {
                "customer_ids": block[:, 0].astype(np.int64), "frequency": block[:, 1],
                "recency": block[:, 2], "T": block[:, 3], "monetary_value": block[:, 4]}
            start = end
    return summaries


def summarise(events, cutoff):
    partners, days, amounts = events
    return clv.summary_from_transactions(partners, days, amounts, np.datetime64(str(cutoff)[:10]),
                                         period_days=PERIOD_DAYS, grain_days=1)


def fit(summary, min_repeat_buyers):
    """Fit both models; returns (state, message, bgnbd, gamma_gamma)."""
    frequency = summary["frequency"]
    if not clv.enough_data(frequency, min_repeat_buyers=min_repeat_buyers):
        return ("insufficient", "%d repeat buyers, fewer than the %d needed: the cadence heuristic "
                "is used instead." % (int((frequency > 0).sum()), min_repeat_buyers), None, None)
    bgnbd = clv.fit_bgnbd(frequency, summary["recency"], summary["T"])
    repeat = frequency > 0
    gamma_gamma = clv.fit_gamma_gamma(frequency[repeat], summary["monetary_value"][repeat])
    if not (bgnbd.converged and gamma_gamma.converged):
        failed = bgnbd if not bgnbd.converged else gamma_gamma
        return "failed", "%s did not converge: %s" % (failed.model, failed.message), bgnbd, gamma_gamma
    return "valid", "", bgnbd, gamma_gamma


def predict(summary, bgnbd, gamma_gamma, monthly_discount):
    """Per customer: P(alive), purchases expected in 90 and 365 days, 12-month CLV."""
    f, r, t, m = summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"]
    # one-time buyers have no repeat spend of their own: the population mean stands in
    spend_input = np.where(f > 0, m, 0.0)
    return {
        "p_alive": clv.p_alive(bgnbd, f, r, t),
        "expected_90": clv.expected_purchases(bgnbd, 90.0 / PERIOD_DAYS, f, r, t),
        "expected_365": clv.expected_purchases(bgnbd, 365.0 / PERIOD_DAYS, f, r, t),
        "clv_12m": clv.clv(bgnbd, gamma_gamma, f, r, t, spend_input, months=12,
                           discount_rate_monthly=monthly_discount, periods_per_month=PERIODS_PER_MONTH),
    }


def fill_predictions(env, params):
    """Create lc_clv for the engine's RESULT query: predictions of the customers in
    scope, from each company's current valid fit (none: the table stays empty)."""
    fits = env["crm.lifecycle.model.fit"].sudo()._current_params()
    summaries = metrics_summaries(env, params["ref_date"], list(fits)) if fits else {}
    blocks = []
    for company_id, summary in summaries.items():
        bgnbd, gamma_gamma = fits[company_id]
        values = predict(summary, bgnbd, gamma_gamma, params["monthly_discount"])
        blocks.append(np.column_stack([
            summary["customer_ids"], np.full(len(summary["customer_ids"]), company_id), values["p_alive"],
            values["expected_90"], values["expected_365"], values["clv_12m"]]))
    rows = np.concatenate(blocks) if blocks else np.zeros((0, 6))
    if not params["full"]:  # a few customers: one statement
        columns = [[int(v) for v in rows[:, 0]], [int(v) for v in rows[:, 1]]] + [
            # a prediction that is not a finite number is no prediction (NULL)
            [v if math.isfinite(v) else None for v in rows[:, k].tolist()] for k in range(2, 6)]
        env.cr.execute(queries.CLV_FROM_ARRAYS, dict(zip(
            ("partner_id", "company_id", "p_alive", "expected_90", "expected_365", "clv_12m"), columns)))
        return len(rows)
    env.cr.execute(queries.TABLE_CLV)
    # everybody: COPY, not INSERT; 100,000 rows of floats cost a second to render as VALUES
    buffer = io.StringIO()
    for row in rows.tolist():
        buffer.write("%d\t%d\t%s\n" % (row[0], row[1], "\t".join(
            repr(value) if math.isfinite(value) else "\\N" for value in row[2:])))
    buffer.seek(0)
    env.cr.copy_expert(queries.COPY_CLV, buffer)
    return len(rows)


def backtest(summary, actual, bgnbd, horizon_days, threshold, last_period=None):
    """Judge a fit made before a cutoff on what happened after it. `actual` holds each
    customer's purchases in the horizon (aligned with summary's customers). A customer
    is flagged at risk when P(alive) < threshold and counts as churned when it bought
    nothing in the horizon. Returns totals, precision/recall, the mean absolute error of
    the purchases each customer was expected to make against two naive baselines, and
    predicted vs actual purchases (model and baselines) by decile of prediction.

    The baselines are what a spreadsheet would say: a customer's own average rate before
    the cutoff (repeat purchases over its age) times the horizon, and "as many as in the
    period of the same length before the cutoff" (`last_period`, aligned like `actual`;
    without it that baseline is left out). A model that does not beat them is not worth
    its parameters, whatever its precision."""
    f, r, t = summary["frequency"], summary["recency"], summary["T"]
    p_alive = clv.p_alive(bgnbd, f, r, t)
    horizon = horizon_days / PERIOD_DAYS
    predicted = clv.expected_purchases(bgnbd, horizon, f, r, t)
    rate = np.where(t > 0, f / np.maximum(t, 1e-9), 0.0) * horizon
    last = np.asarray(last_period, dtype=float) if last_period is not None else None
    flagged, churned = p_alive < threshold, actual == 0
    hits = int((flagged & churned).sum())
    order = np.argsort(-predicted, kind="stable")
    deciles = []
    for number, chunk in enumerate(np.array_split(order, 10), start=1):
        if len(chunk):
            deciles.append({"decile": number, "customers": int(len(chunk)),
                            "predicted": float(predicted[chunk].sum()), "actual": float(actual[chunk].sum()),
                            "baseline_history": float(rate[chunk].sum()),
                            "baseline_last": float(last[chunk].sum()) if last is not None else 0.0})
    mae = lambda guess: float(np.abs(guess - actual).mean()) if len(actual) else 0.0  # noqa: E731
    return {
        "customers": int(len(f)), "flagged": int(flagged.sum()), "churned": int(churned.sum()),
        "precision": hits / float(flagged.sum()) if flagged.any() else 0.0,
        "recall": hits / float(churned.sum()) if churned.any() else 0.0,
        "predicted_total": float(predicted.sum()), "actual_total": float(actual.sum()),
        "mae_model": mae(predicted), "mae_rate": mae(rate),
        "mae_last": mae(last) if last is not None else None,
        "deciles": deciles,
    }


# A grade from a backtest, for people who will not read its figures: A when the model's
# per-customer error is clearly below both naive baselines' (by GRADE_A_GAIN) and its total is
# near what happened (within GRADE_A_TOTAL); B when it beats the better baseline at all; C
# when a baseline does as well, and the predictions deserve the caution of a heuristic.
GRADE_A_GAIN = 0.10
GRADE_A_TOTAL = 0.20


def grade(result):
    """'A', 'B' or 'C' for a backtest result of backtest()."""
    baselines = [m for m in (result["mae_rate"], result["mae_last"]) if m is not None]
    best = min(baselines)
    if result["mae_model"] >= best:
        return "C"
    total_error = abs(result["predicted_total"] - result["actual_total"]) / max(result["actual_total"], 1.0)
    if result["mae_model"] <= (1 - GRADE_A_GAIN) * best and total_error <= GRADE_A_TOTAL:
        return "A"
    return "B"


def backtest_at(events, cutoff, horizon_days, min_repeat_buyers, threshold=0.5):
    """Fit on the events up to `cutoff` and judge the fit on the horizon after it, against
    the baselines (backtest). Returns (message, result): result None without a converged
    fit at the cutoff, message the fit's own remark (or why there is none)."""
    cutoff = np.datetime64(str(cutoff)[:10])
    summary = summarise(events, cutoff)
    _state, message, bgnbd, _gamma_gamma = fit(summary, min_repeat_buyers)
    if bgnbd is None or not bgnbd.converged:
        return message, None
    step = np.timedelta64(int(horizon_days), "D")
    actual = purchases_between(events, summary["customer_ids"], cutoff, cutoff + step)
    last = purchases_between(events, summary["customer_ids"], cutoff - step, cutoff)
    return message, backtest(summary, actual, bgnbd, horizon_days, threshold, last_period=last)


def grade_fit(events, cutoff, horizon_days, min_repeat_buyers, threshold=0.5):
    """The grade of a fit made at `cutoff` (backtest_at). Returns (grade, result), or
    (None, None) without a converged fit at the cutoff."""
    _message, result = backtest_at(events, cutoff, horizon_days, min_repeat_buyers, threshold)
    return (grade(result), result) if result else (None, None)


def purchases_between(events, customer_ids, start, end):
    """Purchase days of each customer in (start, end], aligned with customer_ids."""
    partners, days, _amounts = events
    start, end = np.datetime64(str(start)[:10]), np.datetime64(str(end)[:10])
    keep = (days > start) & (days <= end)
    pairs = np.unique(np.stack([partners[keep], days[keep].astype(np.int64)]), axis=1) if keep.any() \
        else np.zeros((2, 0), dtype=np.int64)
    counts = dict(zip(*np.unique(pairs[0], return_counts=True))) if pairs.shape[1] else {}
    return np.array([counts.get(c, 0) for c in customer_ids], dtype=float)
