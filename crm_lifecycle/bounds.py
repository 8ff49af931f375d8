# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The range every number a user types into the addons must fall in, checked when the
record is saved. The upper bounds keep later computations sane: a window of ten million
days makes every recompute fail, a deadline past year 9999 makes closing a ticket fail.
README.rst (Configuration) lists them; the other addons add theirs with the same helper.
"""
from odoo import _
from odoo.exceptions import ValidationError

DAYS_MAX = 3650          # any day count: ten years
NOTICE_DAYS_MAX = 365    # notice and due-in days
PERCENT_MAX = 100.0
ORDERS_MAX = 10000       # order counts of the stage rules
FACTOR_MAX = 100.0       # cadence multipliers
CUSTOMERS_MAX = 1000000  # customer counts (claim limits, minimum repeat buyers)
AMOUNT_MAX = 1e12        # amounts (a thousand billion in any currency)
HEALTH_POINTS_MAX = 100  # a health score is 0-100
HISTORY_WEEKS_MAX = 104  # the weekly health history is kept two years
CATEGORY_LEVEL_MAX = 10  # product category trees deeper than this are rare
HOLDOUT_PERCENT_MAX = 50.0  # a campaign's hold-out: beyond half, the campaign is the control

# (model, field) -> (low, high), inclusive; None for an unbounded side. Lower bounds that
# the models already check with their own words (a positive window, a non-negative
# delay...) are left to those checks.
RANGES = {
    ("crm.lifecycle.config", "window_days"): (None, DAYS_MAX),
    ("crm.lifecycle.config", "abc_a_percent"): (None, PERCENT_MAX),
    ("crm.lifecycle.config", "abc_b_percent"): (None, PERCENT_MAX),
    ("crm.lifecycle.config", "churn_threshold"): (None, 1.0),
    ("crm.lifecycle.config", "clv_discount_percent"): (None, PERCENT_MAX),
    ("crm.lifecycle.config", "clv_min_repeat_buyers"): (None, CUSTOMERS_MAX),
    ("crm.lifecycle.config", "pool_release_days"): (None, DAYS_MAX),
    ("crm.lifecycle.config", "pool_notice_days"): (None, NOTICE_DAYS_MAX),
    ("crm.lifecycle.config", "pool_claim_limit"): (None, CUSTOMERS_MAX),
    ("crm.lifecycle.config", "pool_daily_claim_quota"): (0, CUSTOMERS_MAX),
    ("crm.lifecycle.config", "pool_hold_exempt_days"): (0, DAYS_MAX),
    ("crm.lifecycle.config", "pool_protection_days"): (0, DAYS_MAX),
    ("crm.lifecycle.config", "pool_keep_opportunity_value"): (0.0, AMOUNT_MAX),
    ("crm.lifecycle.config", "reorder_after_days"): (0, NOTICE_DAYS_MAX),
    ("crm.lifecycle.config", "category_level"): (1, CATEGORY_LEVEL_MAX),
    ("crm.lifecycle.config", "category_factor"): (1.0, FACTOR_MAX),
    ("crm.lifecycle.pool.stage.days", "days"): (None, DAYS_MAX),
    ("crm.lifecycle.pool", "release_days"): (0, DAYS_MAX),
    ("crm.lifecycle.pool", "notice_days"): (0, NOTICE_DAYS_MAX),
    ("crm.lifecycle.pool", "claim_limit"): (0, CUSTOMERS_MAX),
    ("crm.lifecycle.pool", "daily_claim_quota"): (0, CUSTOMERS_MAX),
    ("crm.lifecycle.pool", "hold_exempt_days"): (0, DAYS_MAX),
    ("crm.lifecycle.pool", "protection_days"): (0, DAYS_MAX),
    ("crm.lifecycle.pool", "keep_opportunity_value"): (0.0, AMOUNT_MAX),
    ("crm.lifecycle.stage", "days"): (None, DAYS_MAX),
    ("crm.lifecycle.stage", "cadence_factor"): (None, FACTOR_MAX),
    ("crm.lifecycle.stage", "min_orders"): (None, ORDERS_MAX),
    ("crm.lifecycle.backtest", "horizon_days"): (None, DAYS_MAX),
    ("crm.lifecycle.backtest", "threshold"): (None, 1.0),
    ("crm.lifecycle.playbook", "activity_days"): (None, NOTICE_DAYS_MAX),
    ("crm.lifecycle.playbook", "drop_points"): (1, HEALTH_POINTS_MAX),
    ("crm.lifecycle.playbook", "drop_weeks"): (1, HISTORY_WEEKS_MAX),
    ("crm.lifecycle.segment.action", "days"): (None, NOTICE_DAYS_MAX),
    ("crm.lifecycle.segment.action", "holdout_percent"): (0.0, HOLDOUT_PERCENT_MAX),
    ("crm.lifecycle.config", "campaign_holdout_percent"): (0.0, HOLDOUT_PERCENT_MAX),
    ("crm.lifecycle.campaign", "window_days"): (1, DAYS_MAX),
    ("crm.lifecycle.campaign", "holdout_percent"): (0.0, HOLDOUT_PERCENT_MAX),
}


def check(records, ranges=None):
    """ValidationError naming the field and its range for the first value of `records`
    outside its range (RANGES, or `ranges` for another addon's fields)."""
    ranges = ranges or RANGES
    for record in records:
        for (model, name), (low, high) in ranges.items():
            if model != record._name or name not in record._fields:
                continue
            value = record[name] or 0
            if (low is not None and value < low) or (high is not None and value > high):
                raise ValidationError(_("%s: %s is out of range; it must be between %s and %s.") % (
                    record._fields[name].get_description(record.env)["string"], value, low, high))


def fields_of(model, ranges=None):
    """The bounded fields of `model`, for an @api.constrains."""
    return [name for (m, name) in (ranges or RANGES) if m == model]
