# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""1.1.0: stage changes get their position in the customer's history; the scheduled
jobs call the private cron methods (their records are noupdate, so they are edited here)."""
from odoo import SUPERUSER_ID, api

CRONS = {
    "crm_lifecycle.cron_recompute_all": "model._cron_recompute_all()",
    "crm_lifecycle.cron_refresh_marked": "model._cron_refresh_marked()",
    "crm_lifecycle.cron_refit_models": "model._cron_refit()",
    "crm_lifecycle.cron_pool": "model._cron_lifecycle_pool()",
}


def migrate(cr, version):
    cr.execute("""
        UPDATE crm_lifecycle_transition t SET sequence = n.position
          FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY date, id) AS position
                  FROM crm_lifecycle_transition) n
         WHERE t.id = n.id AND t.sequence IS NULL""")
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, code in CRONS.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.write({"code": code})
