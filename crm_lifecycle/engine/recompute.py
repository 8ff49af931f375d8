# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Computes lifecycle profiles set-based and persists them.

A recompute is a fixed handful of statements whatever the number of customers: three
to build the result in temporary tables, an update of the changed profiles and an
insert of the new ones, one read of the
profiles whose stage changes, one bulk insert of their transitions, one ORM write per
target stage (so that automated actions see stage changes), and one update of the
partners' stored copies, and the week's health snapshot with the trends (engine/history.py).
Python only formats the reasons of the changed profiles.
Then the segments follow (one search and two statements per segment, engine/segments.py)
and the playbooks act on the new stage changes and health drops (engine/playbooks.py).
"""
import logging
import time

from psycopg2.extensions import TransactionRollbackError
from psycopg2.extras import execute_values

from odoo import _
from odoo.exceptions import UserError

from .. import compat
from . import acquisition, categories, churn, history, margin, playbooks, queries, rules, segments

_logger = logging.getLogger(__name__)


class Busy(UserError):
    """Another recompute or refresh holds the database's engine lock."""


def lock(env):
    """Take the engine's lock for this transaction, or raise Busy at once (a caller that
    waited would then work from a snapshot older than the other job's results)."""
    env.cr.execute(queries.RECOMPUTE_LOCK)
    if not env.cr.fetchone()[0]:
        raise Busy(_("A lifecycle recompute is already running. Try again in a few minutes."))


# Seconds between the tries of a scheduled job that met another job (or a serialization
# failure): about two minutes in all, more than a full recompute of a large database.
RETRY_DELAYS = (1, 2, 4, 8, 16, 32, 64)


def run_job(env, job, retry=True):
    """Run `job(env)` for a scheduled action. When another recompute holds the lock, or
    PostgreSQL aborts the transaction for a concurrent update, roll back (a fresh
    snapshot) and try again after a pause; without `retry`, give up and return None (the
    next run will do it). The cron's cursor is its own, safe to roll back."""
    for delay in RETRY_DELAYS + (None,):
        try:
            return job(env)
        except (Busy, TransactionRollbackError) as error:
            env.cr.rollback()
            compat.invalidate(env)
            if not retry:
                _logger.info("crm_lifecycle: skipped, %s", error)
                return None
            if delay is None:
                raise
            _logger.info("crm_lifecycle: %s; retrying in %s s", error, delay)
            time.sleep(delay)
    return None


def install(cr):
    """Database objects the queries rely on (idempotent; run at module init)."""
    cr.execute(queries.FUNCTION_RATE)
    cr.execute(queries.TABLE_DIRTY)
    cr.execute(queries.POOL_TABLE_CLAIMANT)
    cr.execute(queries.PROFILE_STORAGE)
    for statement in queries.INDEXES:
        cr.execute(statement)


# Up to this many customers, a refresh runs METRICS from a generic plan prepared once
# per connection; beyond, planning for the actual customers pays, because the generic
# plan's index lookups do not scale to tens of thousands of customers (the crossover is
# measured in tests/bench/README.md).
GENERIC_PLAN_MAX_CUSTOMERS = 1000


def _params(env, ref_date, partner_ids):
    params = rules.stage_params(env)
    params.update(env["crm.lifecycle.config"].sudo()._engine_params())
    params.update(ref_date=ref_date, full=partner_ids is None, partner_ids=list(partner_ids or []),
                  uid=env.uid)
    env.cr.execute(queries.SCOPE, params)
    (params["receivable_account_ids"], params["fallback_company_id"], params["contact_ids"],
     params["invoice_ids"]) = env.cr.fetchone()
    return params


def compute(env, ref_date, partner_ids=None):
    """Build the temporary table lc_result (one row per customer and company) as of
    ref_date, for every customer or only `partner_ids` (commercial partners). Scores of
    a partial computation use the bands of the last full one. Returns the parameters."""
    cr = env.cr
    compat.flush(env)
    cr.execute(queries.DROP_WORK_TABLES)
    params = _params(env, ref_date, partner_ids)
    # Planner settings for the statements below (SET LOCAL: they end with the transaction).
    # - JIT compilation of these wide queries costs more than it saves.
    # - PostgreSQL's default work_mem makes the orders' sorts and the settlement
    #   aggregate spill to disk on a large database.
    settings = {"jit": "off", "work_mem": "'256MB'"}
    prepared = not params["full"] and len(params["partner_ids"]) <= GENERIC_PLAN_MAX_CUSTOMERS
    if params["full"]:
        # Each source's aggregate returns one row per customer from many orders: the
        # default cost of passing rows between parallel workers overstates it and keeps
        # most of them serial.
        settings.update(parallel_setup_cost="100", parallel_tuple_cost="0.01")
    else:
        # Starting parallel workers costs more than reading a few customers' rows. Each
        # source is written in the order it is best joined for them (its own rows, then
        # the partners, then lookups): planning it as written instead of searching every
        # join order halves the planning.
        settings.update(max_parallel_workers_per_gather="0", join_collapse_limit="1", from_collapse_limit="1")
        if prepared and cr._cnx.server_version >= 120000:
            # left to itself PostgreSQL plans the first five runs of a prepared statement
            # for their own parameters before it settles on the generic plan
            settings.update(plan_cache_mode="force_generic_plan")
    # one statement: round trips are a visible share of a one-customer refresh
    cr.execute(queries.set_local(settings))
    if prepared:
        _metrics_prepared(cr, params)
    else:
        cr.execute(queries.METRICS, params)
    if not params["full"]:
        # the statements below join few rows: back to the defaults but JIT's and work_mem
        cr.execute(queries.reset_local(name for name in settings if name not in ("jit", "work_mem")))
    # temporary tables have no statistics until analysed: without them every later join
    # is planned for a handful of rows (nested loops over 100,000 customers). The row
    # count and the keys suffice (statistics on every column cost a second).
    if params["full"]:
        cr.execute(queries.ANALYZE_METRICS)
    margin.compute(env, params)
    cr.execute(queries.SCORES_FULL if params["full"] else queries.SCORES_FROM_BANDS, params)
    churn.fill_predictions(env, params)
    margin.apply_to_clv(env, params)
    profiles = env["crm.lifecycle.profile"]
    cr.execute(queries.result(satisfaction=profiles._lifecycle_satisfaction_sql(),
                              stage_rule=profiles._lifecycle_stage_rule_sql()), params)
    if params["full"]:
        cr.execute(queries.ANALYZE_RESULT)
    return params


def _metrics_prepared(cr, params):
    """METRICS for a few customers from the connection's prepared statement (its cached
    generic plan saves the planning, most of a one-customer refresh)."""
    cr.execute(queries.IS_PREPARED, {"name": queries.METRICS_PARTIAL_NAME})
    if not cr.fetchall():
        cr.execute(queries.METRICS_PARTIAL_PREPARE)
    cr.execute(queries.METRICS_PARTIAL, params)


def snapshot(env, ref_date, partner_ids=None):
    """Profiles as they were on ref_date, as dicts, without touching the stored ones."""
    compute(env, ref_date, partner_ids)
    env.cr.execute(queries.RESULT_ROWS)
    rows = env.cr.dictfetchall()
    env.cr.execute(queries.DROP_WORK_TABLES)
    return rows


def has_bands(env):
    env.cr.execute(queries.HAS_BANDS)
    return bool(env.cr.fetchall())


def recompute(env, ref_date=None, partner_ids=None):
    """Recompute and store the profiles of every customer (partner_ids None) or of the
    given commercial partners. Returns counts for the caller and the log."""
    started = time.time()
    cr = env.cr
    lock(env)
    flush_marks(env)  # what this transaction changed is computed now: its marks are cleared below
    ref_date = compat.to_date(ref_date) or compat.today(env)
    if partner_ids is not None and not has_bands(env):
        _logger.info("crm_lifecycle: no full recompute yet, computing everybody")
        partner_ids = None
    params = compute(env, ref_date, partner_ids)
    _logger.info("crm_lifecycle: metrics computed in %.2fs", time.time() - started)

    cr.execute(queries.RESULT_COUNTS)
    computed, missing = cr.fetchone()
    cr.execute(queries.UPDATE_PROFILES, params)
    updated = cr.rowcount
    created = 0
    if missing:
        cr.execute(queries.INSERT_PROFILES, params)
        created = cr.rowcount
    # Other addons store their own per-profile figures here (lc_result still exists).
    env["crm.lifecycle.profile"]._lifecycle_after_upsert(params)
    category_rows = categories.write(env, params)
    acquisition.write(env, params)
    if params["full"]:
        cr.execute(queries.BANDS_REPLACE, params)
    transition_ids = _apply_stage_changes(env, params)
    transitions = len(transition_ids)
    # this week's snapshot, after the stage changes (it records today's stage)
    snapshots = history.write(env, params)
    cr.execute(queries.MIRROR_TO_PARTNERS, params)
    if params["full"]:
        cr.execute(queries.CLEAR_ALL_DIRTY)
    else:
        cr.execute(queries.CLEAR_DIRTY, params)
    cr.execute(queries.DROP_WORK_TABLES)
    compat.invalidate(env)
    # segments follow the new profiles; playbooks then act on the new stage changes
    # (after the segments, for their "while in segment" condition)
    segments.refresh(env, ref_date, partner_ids=None if params["full"] else params["partner_ids"])
    playbooks.run(env, transition_ids)
    # then the health drops, measured on the snapshot just written
    drop_runs = playbooks.run_health_drops(env, params)
    counts = {
        "profiles": computed,
        "created": created,
        "updated": updated,  # profiles with a changed value
        "transitions": transitions,
        "snapshots": snapshots,
        "category_rows": category_rows,
        "health_drop_runs": len(drop_runs),
        "full": params["full"],
        "ref_date": str(ref_date),
        "seconds": round(time.time() - started, 3),
    }
    _logger.info("crm_lifecycle: recompute done %s", counts)
    return counts


def _apply_stage_changes(env, params):
    cr = env.cr
    cr.execute(queries.STAGE_CHANGES, params)
    rows = cr.dictfetchall()
    for row in rows:  # Odoo 11's cursor returns dates as strings
        for key in ("rule_since", "stage_date", "first_order_date", "last_order_date", "prev_order_date"):
            row[key] = compat.to_date(row[key])
    ref_date = params["ref_date"]
    expired = [row["id"] for row in rows if row["override_expired"]]
    if expired:
        cr.execute(queries.CLEAR_EXPIRED_OVERRIDES, dict(params, ids=expired))
    values, by_stage, dates = [], {}, {}
    stages = env["crm.lifecycle.stage"]
    for row in rows:
        if not row["to_stage_id"] or row["to_stage_id"] == row["from_stage_id"]:
            continue  # no stage for that rule, or an expired override already matching
        reason = stages._explain(row, params)
        # The change happened when the rule became true, not when we noticed, but never
        # before the previous change nor after the reference date.
        since = min(row["rule_since"] or ref_date, ref_date)
        if row["stage_date"]:
            since = max(since, row["stage_date"])
        values.append((row["id"], row["partner_id"], row["company_id"], row["from_stage_id"],
                       row["to_stage_id"], since, "auto", env.uid, reason, row["rule_code"],
                       env.uid, env.uid))
        by_stage.setdefault(row["to_stage_id"], []).append(row["id"])
        dates[row["id"]] = since
    if not values:
        return []
    inserted = execute_values(cr, queries.INSERT_TRANSITIONS, values, fetch=True,
                              template=queries.INSERT_TRANSITIONS_ROW, page_size=1000)
    profiles = env["crm.lifecycle.profile"].sudo().with_context(lifecycle_engine=True)
    for stage_id, ids in by_stage.items():
        profiles.browse(ids).write({"stage_id": stage_id})
    compat.flush(env)
    ids = list(dates)
    cr.execute(queries.SET_STAGE_DATES, {"ids": ids, "dates": [dates[i] for i in ids]})
    return [row[0] for row in inserted]


def stage_at(env, partner_id, company_id, day):
    env.cr.execute(queries.STAGE_AT, {"partner_id": partner_id, "company_id": company_id, "day": day})
    row = env.cr.fetchone()
    return row and row[0]


# The ERP's flows write a document many times per transaction (confirming an order,
# converting a batch of leads): the marks of one transaction are gathered and inserted
# once, just before it commits, where the series allows it (compat.before_commit).
_PENDING_MARKS = "crm_lifecycle.dirty"


def mark_dirty(env, partner_ids):
    partner_ids = [pid for pid in partner_ids if pid]
    if not partner_ids:
        return
    insert = _marks_inserter(env.cr)
    pending = compat.before_commit(env.cr, _PENDING_MARKS, insert)
    if pending is None:
        insert(partner_ids)
    else:
        pending.update(partner_ids)


def _marks_inserter(cr):
    def insert(partner_ids):
        cr.execute(queries.MARK_DIRTY, {"partner_ids": sorted(partner_ids)})
    return insert


def flush_marks(env):
    """Insert this transaction's pending marks now, for a reader of the marks table."""
    compat.before_commit_now(env.cr, _PENDING_MARKS, _marks_inserter(env.cr))


def dirty_partners(env):
    flush_marks(env)
    env.cr.execute(queries.DIRTY_PARTNERS)
    return [row[0] for row in env.cr.fetchall()]
