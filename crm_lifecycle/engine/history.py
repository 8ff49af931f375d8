# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The weekly health history: one snapshot per profile and ISO week
(crm.lifecycle.profile.history), the 4- and 12-week trends on the profiles, and the
health-drop playbooks. Each step is one set-based statement whatever the number of
customers (engine/queries.py, "Weekly health history")."""
from .. import compat
from . import queries


def write(env, params, current=True):
    """Snapshot this computation (lc_result, as of params["ref_date"]) into its week, then
    the trends of its customers. `current`: the profiles were just stored from it (their
    stage is today's); False for a past week (the stage of the rules then). Returns the
    number of snapshots written."""
    cr = env.cr
    cr.execute(queries.HISTORY_UPSERT, dict(params, current=current))
    written = cr.rowcount
    if params["full"] and current:
        cr.execute(queries.HISTORY_PRUNE, params)
    cr.execute(queries.HISTORY_TRENDS, params)
    return written


def write_week(env, ref_date, partner_ids=None):
    """Write the snapshot of a past week as computed on ref_date (e.g. the demo's
    history, or a week the daily job missed), without touching the profiles' values; the
    trends are recomputed from the new history. Profiles must exist (a recompute creates
    them). Returns the number of snapshots written."""
    from . import recompute  # noqa: PLC0415 (recompute imports this module)

    recompute.lock(env)
    params = recompute.compute(env, compat.to_date(ref_date), partner_ids)
    try:
        return write(env, params, current=False)
    finally:
        env.cr.execute(queries.DROP_WORK_TABLES)
        compat.invalidate(env)
