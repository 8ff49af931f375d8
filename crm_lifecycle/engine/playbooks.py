# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Runs the playbooks for freshly inserted stage changes, and the health-drop playbooks
for the week's snapshots (the same way, keyed on (playbook, profile, drop week)). One
statement matches the changes with the playbooks (stage, company, segment membership) and inserts the run log;
ON CONFLICT on the (stage change, playbook) key means a change never fires a playbook
twice, even when this is called again for the same changes. Then each new run acts:
activities, queued emails (the mail queue sends them, not this transaction) and
opportunities, and a note on the customer's chatter."""
import logging

from odoo import _

from .. import compat
from . import actions, queries

_logger = logging.getLogger(__name__)


def run(env, transition_ids):
    """Fire the playbooks matching these stage changes; returns the new runs."""
    Run = env["crm.lifecycle.playbook.run"].sudo()
    if not transition_ids:
        return Run
    env.cr.execute(queries.PLAYBOOK_ANY_ACTIVE)
    if not env.cr.fetchone():
        return Run
    compat.flush(env)
    env.cr.execute(queries.PLAYBOOK_INSERT_RUNS, {"transition_ids": list(transition_ids), "uid": env.uid})
    return _act(env, Run.browse([row[0] for row in env.cr.fetchall()]))


def run_health_drops(env, params):
    """Fire the health-drop playbooks for the customers of this recompute (params: the
    engine's, with ref_date, full, partner_ids), from the week's snapshot; one statement
    matches and logs them, once per drop. Returns the new runs."""
    Run = env["crm.lifecycle.playbook.run"].sudo()
    env.cr.execute(queries.PLAYBOOK_ANY_HEALTH_DROP)
    if not env.cr.fetchone():
        return Run
    compat.flush(env)
    env.cr.execute(queries.PLAYBOOK_INSERT_DROP_RUNS, params)
    return _act(env, Run.browse([row[0] for row in env.cr.fetchall()]))


def _act(env, runs):
    if not runs:
        return runs
    # owners in one read: through the ORM each would prefetch every partner field
    env.cr.execute(queries.PLAYBOOK_OWNERS, {"run_ids": runs.ids})
    owners = dict(env.cr.fetchall())
    Users = env["res.users"]
    for one in runs:
        try:
            with env.cr.savepoint():
                _execute(one, Users.browse(owners.get(one.id)) or env.user)
        except Exception as error:  # one bad template must not stop the recompute
            _logger.warning("crm_lifecycle: playbook run %s failed: %s", one.id, error)
            compat.invalidate(env)
            one.write({"state": "failed", "result": str(error)[:2000]})
    _logger.info("crm_lifecycle: %d playbook runs", len(runs))
    return runs


def _execute(run, user):
    env = run.env
    context = env.context  # noqa: F841 (Odoo's _() reads the language from its caller's `context`)
    playbook, partner = run.playbook_id, run.partner_id
    profile = run.profile_id or run.transition_id.profile_id
    done, values = [], {"state": "done"}
    if playbook.activity_type_id:
        activity = actions.schedule_activities(
            env, [(partner, user)], playbook.activity_type_id, playbook.activity_days,
            summary=playbook.activity_summary or playbook.name)
        values["activity_id"] = activity[:1].id or False
        done.append(_("activity %s for %s") % (playbook.activity_type_id.name, user.name)
                    if activity else _("activity already open"))
    if playbook.template_id:
        mail_id = playbook.template_id.sudo().send_mail(partner.id, force_send=False)
        values["mail_id"] = mail_id
        done.append(_("email %s queued") % playbook.template_id.name)
    if playbook.create_opportunity:
        lead = actions.create_opportunities(env, profile, playbook.opportunity_kind,
                                            name=playbook.name, fallback_user=user)
        values["lead_id"] = lead.id or False
        done.append(_("opportunity %s") % lead.name if lead else _("an opportunity is already open"))
    values["result"] = "; ".join(done)
    run.write(values)
    if run.transition_id:
        event = run.transition_id.name
    else:
        event = _("health dropped by %s points") % run.drop_points
    compat.post_note(partner, _("Playbook %s on %s: %s.") % (playbook.name, event, values["result"]))
