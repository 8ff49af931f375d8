# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Survey kinds, their scales and the categories of an answer (pure Python, no ORM)."""

KINDS = [("nps", "NPS (0-10)"), ("csat", "CSAT (1-5)"), ("ces", "CES (1-7)")]
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
CATEGORIES = [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")]
# The two origins of a counted answer: an invitation's survey, or a rating the customer gave
# through Odoo's own rating.rating (a rated ticket, task, chat...).
SOURCES = [("survey", "Survey"), ("rating", "Rating")]
# CSAT thresholds (scale 1-5): satisfied from 4 (the CSAT %), unhappy up to 2 (a follow-up).
CSAT_SATISFIED = 4
CSAT_UNHAPPY = 2
TRIGGERS = [("ticket", "Ticket closed"), ("delivery", "Delivery done"),
            ("onboarding", "Onboarding"), ("relationship", "Relationship"), ("manual", "Manual")]


def valid_score(kind, value):
    """The integer score of an answer, or None when it is outside the kind's scale or not
    a whole number (such an answer is never counted)."""
    if value is None or kind not in SCALES:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != int(number):
        return None
    low, high = SCALES[kind]
    return int(number) if low <= number <= high else None


def nps_category(score):
    if score is None:
        return None
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def is_unhappy(kind, score):
    """Answers that open a closed-loop follow-up: detractors, CSAT <= 2, CES >= 6."""
    if kind == "nps":
        return score <= 6
    if kind == "csat":
        return score <= CSAT_UNHAPPY
    return score >= 6


def nps(scores):
    """Net Promoter Score of a list of 0-10 scores: % promoters - % detractors."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def health(kind, score):
    """The score on 0-100 for the health component (CES: low effort is good)."""
    low, high = SCALES[kind]
    value = 100.0 * (score - low) / (high - low)
    return 100.0 - value if kind == "ces" else value


def rating_csat(value, rating_max):
    """A rating.rating value (1 to `rating_max`: 10 on Odoo 11, 5 from 17) on the CSAT scale,
    linearly (11: 10 -> 5, 7 -> 4, 5 -> 3, 1 -> 1; 17: the same number); None for "no
    rating" (0). Mirrors queries.INGEST_RATINGS, which does the same in SQL."""
    if value is None or value < 1:
        return None
    low, high = SCALES["csat"]
    value = min(float(value), float(rating_max))
    # half up, as PostgreSQL's round() of a numeric
    return low + int((value - 1) * (high - low) / (rating_max - 1) + 0.5)
