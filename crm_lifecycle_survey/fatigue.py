# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Survey fatigue rules that are not SQL (pure Python, no ORM): which triggers are
transactional, and the deterministic sampling of a trigger's invitations. The rules that
need the invitation history (throttle, caps, customer age, opt-out) are in
queries.ELIGIBILITY."""
import hashlib

# Surveys that follow one event of the customer's; at most M of them in TRANSACTIONAL_DAYS.
TRANSACTIONAL_TRIGGERS = ("ticket", "delivery")
TRANSACTIONAL_DAYS = 30
# The triggers with a sampling rate setting (survey_sample_<trigger>); manual sends are
# never sampled.
SAMPLED_TRIGGERS = ("ticket", "delivery", "onboarding", "relationship")


def sample_bucket(key):
    """A stable number 0-99 for a text key: the same on every run, every worker and every
    Python (not hash(), which is salted per process)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return int(digest[:12], 16) % 100


def sampled_in(rate, key):
    """Whether the invitation that `key` names is in a `rate` % sample."""
    if rate >= 100:
        return True
    if rate <= 0:
        return False
    return sample_bucket(key) < rate


def sample_key(trigger, contact_id, event_id=None, period=None):
    """What an invitation's sampling decision depends on: the trigger, the contact and the
    event (ticket, delivery) or the period (a relationship interval): the same ticket
    always gives the same decision, a later period a new one."""
    return "%s:%s:%s:%s" % (trigger, contact_id, event_id or "", period or "")
