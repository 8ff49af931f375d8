# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Statistics core for churn risk and predicted customer lifetime value.

Pure numpy/scipy, vectorised over customers, no Odoo import: the engine feeds it arrays
built from SQL rows. Time is measured in "periods" (weeks by default).

* BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): how many
  repeat purchases a customer makes and whether he is still alive.
    frequency  x   = number of repeat purchases (distinct purchase periods after the first)
    recency    t_x = time of the last purchase, measured from the first one
    T              = age: time from the first purchase to the end of observation
* Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): the mean
  value of a customer's transactions, fitted on repeat buyers (x > 0, monetary value =
  mean of the repeat transactions).
* clv(): discounted expected spend over a horizon of months.

Fits return a FitResult; a fit whose parameters are non-finite, at the optimiser's bounds,
implausibly large (a, b of the BG/NBD beta, p, q, gamma of the Gamma-Gamma) or whose
optimiser failed is reported with converged=False and a message, never as valid.
"""
import numpy as np
from scipy import optimize, special

__all__ = [
    "FitResult", "fit_bgnbd", "bgnbd_log_likelihood", "p_alive", "expected_purchases",
    "expected_purchases_new", "fit_gamma_gamma", "gamma_gamma_log_likelihood",
    "expected_spend", "clv", "summary_from_transactions", "enough_data",
]

BGNBD_PARAMS = ("r", "alpha", "a", "b")
GG_PARAMS = ("p", "q", "gamma")

# The optimisers work on log-parameters inside these bounds; a solution within
# _BOUND_MARGIN of a bound is a degenerate fit (the likelihood wanted to go further).
_LOG_BOUNDS = (-15.0, 15.0)
_BOUND_MARGIN = 1e-3
# Shape parameters above this are "huge": the likelihood is flat towards infinity (no
# heterogeneity left to estimate), the optimiser stopped somewhere arbitrary on a ridge.
MAX_SHAPE = 1e3
# Below this many customers (BG/NBD) or repeat buyers (Gamma-Gamma) no fit is attempted.
MIN_FIT_CUSTOMERS = 5
# Starting points (natural scale, before the data-driven alpha / gamma is applied).
_BGNBD_STARTS = ((1.0, None, 1.0, 1.0), (0.5, None, 0.5, 2.0), (2.0, None, 2.0, 5.0))
_GG_STARTS = ((1.0, 1.0, None), (5.0, 3.0, None), (10.0, 5.0, None))


class FitResult(object):
    """Outcome of a maximum-likelihood fit.

    params: dict name -> value (r, alpha, a, b or p, q, gamma); log_likelihood: the total
    log-likelihood at params (without the penalty); n: customers used; converged: True only
    for a usable fit; message: why not (or the optimiser's message)."""

    def __init__(self, model, names, values, log_likelihood, n, converged, message,
                 penalizer=0.0):
        self.model = model
        self.names = tuple(names)
        values = [float(v) for v in values] if values is not None else [np.nan] * len(names)
        self.params = dict(zip(self.names, values))
        self.log_likelihood = float(log_likelihood)
        self.n = int(n)
        self.converged = bool(converged)
        self.message = message
        self.penalizer = float(penalizer)

    def __getitem__(self, name):
        return self.params[name]

    def values(self):
        return tuple(self.params[name] for name in self.names)

    def as_dict(self):
        d = dict(self.params)
        d.update(model=self.model, log_likelihood=self.log_likelihood, n=self.n,
                 converged=self.converged, message=self.message, penalizer=self.penalizer)
        return d

    def __repr__(self):
        return "FitResult(%s, %s, ll=%.4f, n=%d, converged=%s, %r)" % (
            self.model, ", ".join("%s=%.6g" % (k, self.params[k]) for k in self.names),
            self.log_likelihood, self.n, self.converged, self.message)


def _unpack(params, names):
    """Parameters as floats in `names` order, from a FitResult, a mapping or a sequence."""
    if isinstance(params, FitResult):
        params = params.params
    if hasattr(params, "keys"):
        return tuple(float(params[n]) for n in names)
    values = tuple(float(v) for v in params)
    if len(values) != len(names):
        raise ValueError("expected %d parameters %s" % (len(names), names))
    return values


def _arrays(*arrays):
    """Broadcast inputs to float arrays of one shape; reject non-finite or negative values."""
    out = np.broadcast_arrays(*[np.asarray(a, dtype=float) for a in arrays])
    for a in out:
        if a.size and (not np.all(np.isfinite(a)) or np.any(a < 0)):
            raise ValueError("inputs must be finite and non-negative")
    return [np.array(a, dtype=float) for a in out]


def _customer_arrays(frequency, recency, T):
    x, t_x, T = _arrays(frequency, recency, T)
    if np.any(t_x > T * (1 + 1e-9) + 1e-9):
        raise ValueError("recency cannot exceed T")
    return x, t_x, T


# --------------------------------------------------------------------------- BG/NBD


def _bgnbd_ll_terms(r, alpha, a, b, x, t_x, T):
    """Per-customer log-likelihood and the pieces the gradient needs."""
    rx = r + x
    log_alpha_T = np.log(alpha + T)
    log_alpha_tx = np.log(alpha + t_x)
    A1 = special.gammaln(rx) - special.gammaln(r) + r * np.log(alpha)
    A2 = (special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b)
          - special.gammaln(a + b + x))
    A3 = -rx * log_alpha_T
    repeat = x > 0
    # log(a / (b + x - 1)) is only used where x > 0 (b + x - 1 > 0 there)
    bx1 = np.where(repeat, b + x - 1, 1.0)
    A4 = np.where(repeat, np.log(a) - np.log(bx1) - rx * log_alpha_tx, -np.inf)
    lse = np.logaddexp(A3, A4)
    return A1 + A2 + lse, (rx, log_alpha_T, log_alpha_tx, A3, A4, lse, repeat, bx1)


def bgnbd_log_likelihood(params, frequency, recency, T):
    """Per-customer BG/NBD log-likelihood (array) at params (r, alpha, a, b)."""
    r, alpha, a, b = _unpack(params, BGNBD_PARAMS)
    x, t_x, T = _customer_arrays(frequency, recency, T)
    return _bgnbd_ll_terms(r, alpha, a, b, x, t_x, T)[0]


def _bgnbd_objective(log_params, x, t_x, T, penalizer):
    """Mean negative log-likelihood (plus L2 penalty on the log-parameters) and its
    gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ll, (rx, log_alpha_T, log_alpha_tx, A3, A4, lse, repeat, bx1) = _bgnbd_ll_terms(
            r, alpha, a, b, x, t_x, T)
        w3 = np.exp(A3 - lse)
        w4 = np.where(repeat, np.exp(A4 - lse), 0.0)
        psi_ab, psi_abx = special.digamma(a + b), special.digamma(a + b + x)
        d_r = special.digamma(rx) - special.digamma(r) + np.log(alpha) \
            - w3 * log_alpha_T - w4 * log_alpha_tx
        d_alpha = r / alpha - w3 * rx / (alpha + T) - w4 * rx / (alpha + t_x)
        d_a = psi_ab - psi_abx + w4 / a
        d_b = psi_ab + special.digamma(b + x) - special.digamma(b) - psi_abx - w4 / bx1
    n = float(len(x))
    grad = -np.array([d_r.sum() * r, d_alpha.sum() * alpha, d_a.sum() * a, d_b.sum() * b]) / n
    value = -ll.sum() / n
    if penalizer:
        value += penalizer * np.sum(log_params ** 2)
        grad = grad + 2.0 * penalizer * log_params
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        return 1e300, np.zeros(4)
    return value, grad


def _minimise(objective, starts, args, names):
    """Best local optimum over the starting points (L-BFGS-B on log-parameters with an
    analytic gradient). Returns (log_params, optimiser result) or (None, message)."""
    bounds = [_LOG_BOUNDS] * len(names)
    best = None
    messages = []
    for start in starts:
        try:
            res = optimize.minimize(objective, np.log(start), args=args, jac=True,
                                    method="L-BFGS-B", bounds=bounds,
                                    options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-9})
        except (ValueError, FloatingPointError, ArithmeticError) as exc:
            messages.append(str(exc))
            continue
        if not np.isfinite(res.fun) or res.fun >= 1e299:
            messages.append("non-finite likelihood")
            continue
        if best is None or res.fun < best.fun:
            best = res
    if best is None:
        return None, "; ".join(messages) or "optimiser failed"
    return best.x, best


def _judge(model, log_params, res, names, shape_names, ll, n, penalizer):
    """A FitResult, converged only if the optimum is interior, finite and sane."""
    values = np.exp(log_params)
    problems = []
    if not np.all(np.isfinite(values)) or not np.isfinite(ll):
        problems.append("non-finite parameters or likelihood")
    # L-BFGS-B may stop with ABNORMAL_TERMINATION_IN_LNSRCH at an optimum it cannot
    # improve within floating point; accept that only if the gradient is small.
    grad_norm = np.max(np.abs(res.jac)) if res.jac is not None else np.inf
    if not res.success and not grad_norm < 1e-5:
        reason = res.message.decode() if isinstance(res.message, bytes) else res.message
        problems.append("optimiser failed: %s" % (reason,))
    low, high = _LOG_BOUNDS
    at_bound = [nm for nm, lp in zip(names, log_params)
                if lp <= low + _BOUND_MARGIN or lp >= high - _BOUND_MARGIN]
    if at_bound:
        problems.append("parameters at the bounds: %s" % ", ".join(at_bound))
    huge = [nm for nm, v in zip(names, values) if nm in shape_names and v > MAX_SHAPE]
    if huge:
        problems.append("degenerate (huge) parameters: %s" % ", ".join(huge))
    message = "; ".join(problems) if problems else "converged"
    return FitResult(model, names, values, ll, n, not problems, message, penalizer)


def _failed(model, names, n, message, penalizer=0.0):
    return FitResult(model, names, None, np.nan, n, False, message, penalizer)


def fit_bgnbd(frequency, recency, T, penalizer=0.0):
    """Maximum-likelihood BG/NBD fit. frequency, recency, T: arrays, one entry per customer
    (repeat purchases, time of the last purchase since the first, age; in periods).
    penalizer: L2 penalty on the log-parameters (0 = plain maximum likelihood).
    Returns a FitResult with params r, alpha, a, b."""
    x, t_x, T = _customer_arrays(frequency, recency, T)
    x, t_x, T = x.ravel(), t_x.ravel(), T.ravel()
    n = len(x)
    if n < MIN_FIT_CUSTOMERS:
        return _failed("bgnbd", BGNBD_PARAMS, n, "too few customers (%d)" % n, penalizer)
    if not np.any(x > 0):
        return _failed("bgnbd", BGNBD_PARAMS, n, "no repeat purchases", penalizer)
    if not np.any(T > 0):
        return _failed("bgnbd", BGNBD_PARAMS, n, "no observation time", penalizer)
    # alpha is a time scale (r / alpha = mean purchase rate): start it from the data
    rate = max(x.sum() / max(T.sum(), 1e-12), 1e-6)
    starts = []
    for r0, _alpha, a0, b0 in _BGNBD_STARTS:
        starts.append((r0, min(max(r0 / rate, 1e-5), 1e5), a0, b0))
    log_params, res = _minimise(_bgnbd_objective, starts, (x, t_x, T, float(penalizer)),
                                BGNBD_PARAMS)
    if log_params is None:
        return _failed("bgnbd", BGNBD_PARAMS, n, res, penalizer)
    r, alpha, a, b = np.exp(log_params)
    with np.errstate(all="ignore"):
        ll = float(np.sum(_bgnbd_ll_terms(r, alpha, a, b, x, t_x, T)[0]))
    return _judge("bgnbd", log_params, res, BGNBD_PARAMS, ("a", "b"), ll, n, penalizer)


def _log_dropout_odds(r, alpha, a, b, x, t_x, T):
    """log of a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x) for x > 0, -inf for x = 0:
    P(alive) = 1 / (1 + exp(this))."""
    repeat = x > 0
    bx1 = np.where(repeat, b + x - 1, 1.0)
    return np.where(repeat, np.log(a) - np.log(bx1)
                    + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x)), -np.inf)


def p_alive(params, frequency, recency, T):
    """P(customer still alive | x, t_x, T) under the BG/NBD; 1.0 when frequency is 0."""
    r, alpha, a, b = _unpack(params, BGNBD_PARAMS)
    x, t_x, T = _customer_arrays(frequency, recency, T)
    return np.exp(-np.logaddexp(0.0, _log_dropout_odds(r, alpha, a, b, x, t_x, T)))


_NUDGE = 1e-5


def _growth_raw(r, alpha, a, b, x, T, t):
    eps = a - 1.0
    c = a + b + x - 1.0
    z = t / (alpha + T + t)
    log1mz = np.log(alpha + T) - np.log(alpha + T + t)
    hyp = special.hyp2f1(a + b - 1.0 - r, eps, c, z)
    return c / eps * (1.0 - np.exp(eps * log1mz) * hyp)


def _growth(r, alpha, a, b, x, T, t):
    """(a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)]
    with z = t/(alpha+T+t): the expected purchases in (T, T+t] of a customer known alive.

    Computed through Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A,C-B;C;z):
    the bracket becomes 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), which has no large
    power and no divergent series for big x. The expression has removable singularities
    at a = 1 and at a+b+x-1 = 0 (x = 0, a+b = 1): there it is the mean of its values at a
    (resp. b) +- 1e-5, exact to O(1e-10)."""
    if abs(a - 1.0) < _NUDGE:
        return 0.5 * (_growth_c(r, alpha, 1.0 + _NUDGE, b, x, T, t)
                      + _growth_c(r, alpha, 1.0 - _NUDGE, b, x, T, t))
    return _growth_c(r, alpha, a, b, x, T, t)


def _growth_c(r, alpha, a, b, x, T, t):
    """_growth_raw, with the singularity at a+b+x-1 = 0 removed."""
    x, T, t = np.broadcast_arrays(x, T, t)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = _growth_raw(r, alpha, a, b, x, T, t)
        near = np.abs(a + b + x - 1.0) < _NUDGE
        if np.any(near):
            shift = np.where(near, _NUDGE, 0.0)
            mean = 0.5 * (_growth_raw(r, alpha, a, b + shift, x, T, t)
                          + _growth_raw(r, alpha, a, b - shift, x, T, t))
            out = np.where(near, mean, out)
    return np.where(t > 0, out, 0.0)


def expected_purchases(params, t, frequency, recency, T):
    """E[purchases in the next t periods | x, t_x, T] (conditional expectation, BG/NBD).
    t may be a scalar or an array broadcasting with the customer arrays."""
    r, alpha, a, b = _unpack(params, BGNBD_PARAMS)
    x, t_x, T, t = _arrays(frequency, recency, T, t)
    if np.any(t_x > T * (1 + 1e-9) + 1e-9):
        raise ValueError("recency cannot exceed T")
    alive = np.exp(-np.logaddexp(0.0, _log_dropout_odds(r, alpha, a, b, x, t_x, T)))
    return np.maximum(_growth(r, alpha, a, b, x, T, t) * alive, 0.0)


def expected_purchases_new(params, t):
    """E[repeat purchases in (0, t]] for a customer just acquired (unconditional)."""
    r, alpha, a, b = _unpack(params, BGNBD_PARAMS)
    (t,) = _arrays(t)
    zero = np.zeros_like(t)
    return np.maximum(_growth(r, alpha, a, b, zero, zero, t), 0.0)


# ----------------------------------------------------------------------- Gamma-Gamma


def _gg_ll(p, q, gamma, x, m):
    """Per-customer log-density of the mean transaction value m of x transactions."""
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q)
            + q * np.log(gamma) + (px - 1.0) * np.log(m) + px * np.log(x)
            - (px + q) * np.log(x * m + gamma))


def gamma_gamma_log_likelihood(params, frequency, monetary_value):
    """Per-customer Gamma-Gamma log-likelihood (repeat buyers only: frequency > 0,
    monetary_value > 0) at params (p, q, gamma)."""
    p, q, gamma = _unpack(params, GG_PARAMS)
    x, m = _arrays(frequency, monetary_value)
    return _gg_ll(p, q, gamma, x, m)


def _gg_objective(log_params, x, m, penalizer):
    p, q, gamma = np.exp(log_params)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        ll = _gg_ll(p, q, gamma, x, m)
        psi = special.digamma(p * x + q)
        log_xm_g = np.log(x * m + gamma)
        d_p = x * (psi - special.digamma(p * x) + np.log(m) + np.log(x) - log_xm_g)
        d_q = psi - special.digamma(q) + np.log(gamma) - log_xm_g
        d_g = q / gamma - (p * x + q) / (x * m + gamma)
    n = float(len(x))
    grad = -np.array([d_p.sum() * p, d_q.sum() * q, d_g.sum() * gamma]) / n
    value = -ll.sum() / n
    if penalizer:
        value += penalizer * np.sum(log_params ** 2)
        grad = grad + 2.0 * penalizer * log_params
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        return 1e300, np.zeros(3)
    return value, grad


def fit_gamma_gamma(frequency, monetary_value, penalizer=0.0):
    """Maximum-likelihood Gamma-Gamma fit on the repeat buyers among the inputs (customers
    with frequency > 0 and a positive monetary value; the others are ignored).
    monetary_value: mean value of the customer's repeat transactions.
    Returns a FitResult with params p, q, gamma (n = repeat buyers used)."""
    x, m = _arrays(frequency, monetary_value)
    x, m = x.ravel(), m.ravel()
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    n = len(x)
    if n < MIN_FIT_CUSTOMERS:
        return _failed("gamma_gamma", GG_PARAMS, n, "too few repeat buyers (%d)" % n, penalizer)
    if np.ptp(m) <= 1e-12 * np.max(m):
        return _failed("gamma_gamma", GG_PARAMS, n, "all monetary values equal", penalizer)
    # E[m] = p * gamma / (q - 1): start gamma from the mean spend
    mean_m = float(np.mean(m))
    starts = [(p0, q0, min(max(mean_m * max(q0 - 1.0, 0.5) / p0, 1e-5), 1e5))
              for p0, q0, _g in _GG_STARTS]
    log_params, res = _minimise(_gg_objective, starts, (x, m, float(penalizer)), GG_PARAMS)
    if log_params is None:
        return _failed("gamma_gamma", GG_PARAMS, n, res, penalizer)
    p, q, gamma = np.exp(log_params)
    with np.errstate(all="ignore"):
        ll = float(np.sum(_gg_ll(p, q, gamma, x, m)))
    result = _judge("gamma_gamma", log_params, res, GG_PARAMS, ("p", "q"), ll, n, penalizer)
    if result.converged and not q > 1.0:
        result.converged = False
        result.message = "q <= 1: the expected spend is infinite"
    return result


def expected_spend(params, frequency, monetary_value):
    """E[mean transaction value | x, mean repeat value] under the Gamma-Gamma model:
    p (gamma + x m) / (p x + q - 1). For x = 0 this is the population mean p gamma / (q-1).
    NaN where q <= 1 (no finite mean)."""
    p, q, gamma = _unpack(params, GG_PARAMS)
    x, m = _arrays(frequency, monetary_value)
    m = np.where(x > 0, m, 0.0)
    denom = p * x + q - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, p * (gamma + x * m) / denom, np.nan)


# ------------------------------------------------------------------------------- CLV


def clv(bgnbd_params, gg_params, frequency, recency, T, monetary_value, months=12,
        discount_rate_monthly=0.01, periods_per_month=4.345):
    """Discounted expected value over `months` months:
    sum_m (E[purchases by month m] - E[purchases by month m-1]) * E[spend] / (1+d)^m,
    with time in periods (periods_per_month periods per month: 4.345 for weeks).
    Returns an array, one value per customer."""
    x, t_x, T, m = _arrays(frequency, recency, T, monetary_value)
    months = int(months)
    spend = expected_spend(gg_params, x, m)
    if months <= 0:
        return np.zeros_like(x)
    steps = np.arange(1, months + 1, dtype=float)
    horizon = steps * float(periods_per_month)
    # cumulative expected purchases at each month end: shape (months,) + customers' shape
    shape = (months,) + (1,) * x.ndim
    cum = expected_purchases(bgnbd_params, horizon.reshape(shape), x[None], t_x[None],
                             T[None])
    cum = np.maximum.accumulate(cum, axis=0)  # guard against rounding: monotone in t
    per_month = np.diff(np.concatenate([np.zeros((1,) + x.shape), cum], axis=0), axis=0)
    discount = (1.0 + float(discount_rate_monthly)) ** (-steps)
    return np.tensordot(discount, per_month, axes=(0, 0)) * spend


# ------------------------------------------------------------------- data preparation


def _days(values):
    """Dates (date/datetime objects, ISO strings, datetime64) or day numbers -> int64 days."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iuf":
        return arr.astype(np.int64)
    if arr.dtype.kind != "M":
        arr = np.array([np.datetime64(v, "D") for v in arr.ravel()],
                       dtype="datetime64[D]").reshape(arr.shape)
    return arr.astype("datetime64[D]").astype(np.int64)


def summary_from_transactions(customer_ids, dates, amounts, cutoff, period_days=7,
                              grain_days=None):
    """Per-customer BG/NBD / Gamma-Gamma inputs from raw transactions (one row each).

    Transactions after `cutoff` (a date, inclusive) are ignored. A customer's first
    purchase day is his birth. Purchases are grouped in grains of `grain_days` days counted
    from the birth (default: one period); purchases in the same grain are one transaction
    (their amounts summed). frequency = grains with a purchase after the first one;
    recency = start of the last such grain, T = start of the grain holding the cutoff,
    both since the birth and in periods of `period_days` days; monetary_value = mean of
    the repeat transactions' values (0 without repeat purchase).

    Returns a dict of arrays: customer_ids (sorted unique), frequency, recency, T,
    monetary_value."""
    ids = np.asarray(customer_ids).ravel()
    days = _days(dates).ravel()
    amounts = np.asarray(amounts, dtype=float).ravel()
    if not (len(ids) == len(days) == len(amounts)):
        raise ValueError("customer_ids, dates and amounts must have the same length")
    period_days = float(period_days)
    grain = int(grain_days) if grain_days is not None else int(round(period_days))
    if grain < 1 or period_days <= 0:
        raise ValueError("period_days and grain_days must be positive")
    end = int(_days([cutoff])[0])
    keep = days <= end
    ids, days, amounts = ids[keep], days[keep], amounts[keep]
    if not len(ids):
        empty = np.zeros(0)
        return {"customer_ids": ids, "frequency": empty, "recency": empty.copy(),
                "T": empty.copy(), "monetary_value": empty.copy()}
    uid, cust = np.unique(ids, return_inverse=True)
    cust = cust.ravel()
    n = len(uid)
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, cust, days)
    grain_ix = (days - first[cust]) // grain
    width = int(grain_ix.max()) + 1
    key = cust.astype(np.int64) * width + grain_ix
    keys, inverse = np.unique(key, return_inverse=True)
    value = np.bincount(inverse.ravel(), weights=amounts, minlength=len(keys))
    k_cust, k_grain = keys // width, keys % width
    frequency = np.bincount(k_cust, minlength=n) - 1
    last = np.zeros(n, dtype=np.int64)
    np.maximum.at(last, k_cust, k_grain)
    repeat = k_grain > 0
    repeat_total = np.bincount(k_cust[repeat], weights=value[repeat], minlength=n)
    monetary = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1), 0.0)
    age = ((end - first) // grain) * grain
    return {
        "customer_ids": uid,
        "frequency": frequency.astype(float),
        "recency": last * grain / period_days,
        "T": age / period_days,
        "monetary_value": monetary,
    }


def enough_data(frequency, min_repeat_buyers=100):
    """Minimum-data rule: are there at least min_repeat_buyers customers with a repeat
    purchase (frequency > 0)? Below that the fits are not trusted."""
    x = np.asarray(frequency, dtype=float).ravel()
    x = x[np.isfinite(x)]
    return bool(np.count_nonzero(x > 0) >= int(min_repeat_buyers))
