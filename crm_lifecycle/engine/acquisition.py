# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Acquisition: where a customer came from, for the return of sources and campaigns.

After each recompute's profile upsert, one statement sets the computed customers' UTM
source, medium and campaign: those of their first lead when it has any, else those of
their first confirmed order (where orders carry UTM fields: compat.order_has_utm).
"""
from .. import compat
from . import queries


def write(env, params):
    """Set acquisition_source_id, _medium_id and _campaign_id of the customers in lc_result."""
    statement = (queries.ACQUISITION_UPDATE_LEADS_ORDERS if compat.order_has_utm(env)
                 else queries.ACQUISITION_UPDATE_LEADS)
    env.cr.execute(statement, params)
    return env.cr.rowcount
