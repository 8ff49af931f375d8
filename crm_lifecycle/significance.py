# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Whether a campaign's uplift could be chance: Fisher's exact test on its 2 x 2 table
(contacted or held out, bought or not).

Campaign groups are often small (a hold-out of 10 % of a segment of 40 is 4 customers),
where the normal approximation of a two-proportion z-test is wrong; the exact test is
right at every size. Its two-sided p-value is the probability, with the buyers shared out
between the two groups at random (the margins fixed), of a table at most as likely as the
one observed. Probabilities are summed in log space (lgamma): exact enough, and no
factorials of large numbers.
"""
import math

SIGNIFICANT = 0.05  # below this p-value the campaign's form calls its uplift significant


def _log_choose(n, k):
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_p_value(buyers_a, members_a, buyers_b, members_b):
    """Two-sided p-value of Fisher's exact test for buyers_a of members_a against buyers_b
    of members_b; None when a group is empty."""
    if members_a <= 0 or members_b <= 0:
        return None
    buyers = buyers_a + buyers_b
    total = members_a + members_b
    log_all = _log_choose(total, members_a)

    def log_p(a):  # `a` of the buyers in group a: hypergeometric
        return _log_choose(buyers, a) + _log_choose(total - buyers, members_a - a) - log_all

    observed = log_p(buyers_a)
    low, high = max(0, members_a - (total - buyers)), min(buyers, members_a)
    # tables as likely as the observed one up to rounding count as "at most as likely"
    limit = observed + 1e-7
    p_value = sum(math.exp(lp) for lp in map(log_p, range(low, high + 1)) if lp <= limit)
    return min(1.0, p_value)
