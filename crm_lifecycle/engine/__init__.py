# The lifecycle engine: set-based SQL (queries.py), stage rules and reasons (rules.py) and
# the orchestration that computes and persists profiles (recompute.py).
