# Run by setup/demo.sh through setup/shell.sh (`env` is bound): builds the demo company once,
# recomputes the customer lifecycle and prints a summary.
import datetime
import functools
import os
import sys
import time

from odoo.addons.crm_lifecycle import compat
from odoo.addons.crm_lifecycle.tools import demo_company
from odoo.addons.crm_lifecycle.tools.text_width import ljust

print = functools.partial(print, flush=True)  # progress shows while it runs, not at the end
progress = functools.partial(print, file=sys.stderr)


def _line(label, value):
    # padded by display cells: a Chinese name takes two cells a character
    print("  %s %s" % (ljust(label, 40), value))


start = time.time()
try:
    customers = demo_company.size_customers(os.environ.get("DEMO_SIZE"))
except ValueError as error:
    sys.exit("crm_lifecycle: %s" % error)
# each batch of customers is committed: an interrupted build resumes where it stopped
result = demo_company.build(env, customers=customers, log=progress, commit=env.cr.commit)
if not result.get("skipped"):
    env.cr.commit()  # the company is kept even if the computation below fails
    print("demo company built in %ss (seed %s, history up to %s):" % (
        result["seconds"], result["seed"], result["today"]))
    print("  archetypes: " + ", ".join(
        "%s %d" % (name, count) for name, count in sorted(result["archetypes"].items())))
    for key in sorted(result):
        if isinstance(result[key], int) and key != "seconds":
            _line(key.replace("_", " "), result[key])

if "crm.lifecycle.satisfaction" in env:  # crm_lifecycle_survey: answered surveys, follow-ups
    from odoo.addons.crm_lifecycle_survey.tools import demo_survey
    demo_survey.build(env, log=progress)
    env.cr.commit()

if "crm.lifecycle.profile" not in env:
    print("lifecycle engine not installed yet: nothing to compute")
else:
    Profile = env["crm.lifecycle.profile"]
    t0 = time.time()
    if "crm.lifecycle.model.fit" in env and not env["crm.lifecycle.model.fit"].search_count([]):
        # the weekly job fits the churn model; the demo fits it once before its recompute
        fit = env["crm.lifecycle.model.fit"]._refit()[:1]
        print("churn model (BG/NBD): %s, %d repeat buyers of %d customers%s" % (
            fit.state, fit.repeat_buyers, fit.customers, (": " + fit.message) if fit.message else ""))
        if fit.state == "valid":
            print("churn model grade: %s (%s)" % (fit.grade or "-", fit.grade_note or ""))
    if not Profile.search_count([]):
        # The demo company warns early: at the default P(alive) threshold of 0.5 the model
        # calls none of its slipping customers at risk (they are 3 to 5 months quiet, at most
        # a few gaps of their own); at 0.7 it does, as a cautious company would set it.
        env["crm.lifecycle.config"]._get_config().write({"churn_threshold": 0.7})
        print("churn model: at risk below P(alive) 0.7 (the default is 0.5)")
        # a first computation: replay the last year's month-ends first (the stage history)
        replayed = demo_company.replay_months(env, log=progress, commit=env.cr.commit)
        print("lifecycle: a year of month-ends replayed in %.1fs, %d stage changes" % (
            time.time() - t0, replayed))
    if "acquisition_source_id" in Profile._fields:
        acquired = demo_company.setup_acquisition(env)
        if acquired:
            print("acquisition: UTM sources on the leads and orders of %d customers" % acquired)
    print("lifecycle: computing profiles ...")
    Profile.api_recompute()
    print("lifecycle: computed in %.1fs, %d profiles" % (time.time() - t0, Profile.search_count([])))

    # The customer pool (公海) is off after installation; the demo switches it on once, with a
    # run two weeks ago (the notices) and one today (the releases), so that the pool and
    # its history show real customers. The duplicate candidates are searched too.
    config = env["crm.lifecycle.config"]._get_config()
    if "pool_release_days" in config and not config.pool_release_days:
        config.write({"pool_release_days": 180, "pool_notice_days": 14, "pool_claim_limit": 5,
                      "pool_daily_claim_quota": 3, "pool_protection_days": 30,
                      "pool_keep_receivables": True, "pool_keep_opportunity_value": 20000.0})
        # the demo's customers were created today with a backdated history: date each one
        # from its first order or lead, as if it had been entered then (the pool counts a
        # customer's creation as its first follow-up)
        env.cr.execute("""
            UPDATE res_partner p SET create_date = x.first
              FROM (SELECT rp.commercial_partner_id AS cp, min(d) AS first
                      FROM (SELECT partner_id, date_order AS d FROM sale_order
                            UNION ALL SELECT partner_id, create_date FROM crm_lead) o
                      JOIN res_partner rp ON rp.id = o.partner_id
                     GROUP BY rp.commercial_partner_id) x
             WHERE p.commercial_partner_id = x.cp AND p.create_date > x.first""")
        # export customers (outside China) in a pool of their own, with quicker release and
        # tighter claims; the rest stay in the default pool (the settings above)
        if "crm.lifecycle.pool" in env:
            env["crm.lifecycle.pool"].create({
                "name": "Export customers", "company_id": compat.current_company(env).id,
                "country_ids": [(6, 0, [env.ref("base." + c).id for c in ("us", "uk", "de", "sg")])],
                "release_days": 120, "notice_days": 14, "claim_limit": 3, "daily_claim_quota": 2,
                "protection_days": 30, "keep_receivables": True, "keep_opportunity_value": 20000.0})
            print("customer pools: export customers (US, UK, DE, SG) released after 120 days, "
                  "3 held and 2 claims a day; the others in the default pool")
        today = compat.today(env)
        Pool = env["res.partner"]
        first = Pool._lifecycle_pool_run(today - datetime.timedelta(days=14))
        second = Pool._lifecycle_pool_run(today)
        print("customer pool: release after 180 days without follow-up, notice 14 days, none while "
              "it owes or has an opportunity of 20,000 or more; claims: 5 held, 3 a day, 30 days' "
              "protection: %d notices, %d released" % (
                  first["notices"] + second["notices"], second["releases"]))
    if "crm.lifecycle.campaign" in env:
        campaign = demo_company.launch_past_campaign(env)
        if campaign:
            print("campaign: %s, %d contacted, %d held out; conversion %.1f%% against %.1f%% "
                  "(p = %.3f), incremental revenue %.2f" % (
                      campaign.name, campaign.contacted_count, campaign.held_out_count,
                      campaign.contacted_rate, campaign.held_out_rate, campaign.uplift_p_value,
                      campaign.incremental_revenue))
    if "crm.lifecycle.report.objective" in env and not env["crm.lifecycle.report.objective"].search_count([]):
        end = compat.today(env)
        begin = end - datetime.timedelta(days=365)
        for name, kpi, target in (("Keep most of last year's customers", "retention_rate", 70),
                                  ("Repeat purchases", "repeat_rate", 40),
                                  ("Active customers", "active_customers", 80),
                                  ("NPS above 30", "nps", 30)):
            env["crm.lifecycle.report.objective"].create({
                "name": name, "kpi": kpi, "date_from": str(begin), "date_to": str(end), "target": target})
        print("report objectives: 4 targets over the last twelve months")
    if "crm.lifecycle.duplicate" in env:
        env["crm.lifecycle.duplicate"].action_refresh()
        print("duplicate candidates: %d" % env["crm.lifecycle.duplicate"].search_count([]))
    if "crm.lifecycle.reorder" in env and not env["crm.lifecycle.reorder"].search_count([]):
        # the daily reorder job, once, handing out draft quotations (the default is an activity)
        config.write({"reorder_mode": "quotation"})
        counts = env["crm.lifecycle.reorder"]._cron_suggest() or {}
        print("reorder suggestions: %d customers overdue by more than %d days, %d with a draft "
              "quotation of their typical order" % (counts.get("suggested", 0), config.reorder_after_days,
                                                    counts.get("quotations", 0)))
    if "crm.lifecycle.profile.category" in env:
        stopped = compat.read_group(env["crm.lifecycle.profile.category"], [("stopped", "=", True)],
                                    ["categ_id", "annual_value"], ["categ_id"])
        print("category churn: %d customers stopped buying a category they bought regularly, %d of "
              "them still buying others (%s)" % (
                  Profile.search_count([("stopped_category_ids", "!=", False)]),
                  Profile.search_count([("stopped_category_ids", "!=", False),
                                        ("stage_id.code", "not in", ("lapsed", "at_risk"))]),
                  ", ".join("%s %d" % (g["categ_id"][1], g["categ_id_count"]) for g in stopped
                            if g["categ_id"]) or "none"))
    if "margin_total" in Profile._fields:
        losing = Profile.search([("margin_total", "<", 0)])
        print("margin: %d customers cost more than they bring, %d of them loyal or advocates (%s)" % (
            len(losing), len(losing.filtered(lambda p: p.stage_id.code in ("loyal", "advocate"))),
            ", ".join(losing.mapped("partner_id.name")[:4]) or "none"))
    if "crm.lifecycle.backtest" in env and not env["crm.lifecycle.backtest"].search_count([]):
        # a backtest over the last half year, so that its calibration graph has data
        today = compat.today(env)
        test = env["crm.lifecycle.backtest"].create({
            "cutoff_date": str(today - datetime.timedelta(days=180)), "horizon_days": 180})
        test.action_run()
        if test.state == "done":
            print("churn backtest from %s over 180 days: grade %s, mean error %.2f purchases per "
                  "customer against %.2f (own rate) and %.2f (previous half year)" % (
                      test.cutoff_date, test.grade or "-", test.mae_model, test.mae_rate, test.mae_last))
        else:
            print("churn backtest from %s over 180 days: no fit (%s)" % (test.cutoff_date, test.message))
    env.cr.commit()

    print("\nCustomers per lifecycle stage:")
    for group in compat.read_group(Profile, [], ["stage_id"], ["stage_id"]):
        _line(group["stage_id"][1] if group["stage_id"] else "(none)", group["stage_id_count"])

    print("\nCustomers per RFM segment:")
    labels = dict(Profile.fields_get(["rfm_segment"])["rfm_segment"].get("selection") or [])
    groups = compat.read_group(Profile, [], ["rfm_segment"], ["rfm_segment"])
    for group in sorted(groups, key=lambda g: -g["rfm_segment_count"]):
        key = group["rfm_segment"]
        _line(labels.get(key, key or "(none)"), group["rfm_segment_count"])

    print("\nAt risk, highest annual value first:")
    rows = Profile.search_read([("stage_id.code", "=", "at_risk")],
                               ["partner_id", "annual_value", "health_score", "rfm_segment",
                                "last_order_date"],
                               order="annual_value desc", limit=10)
    if not rows:
        print("  (none)")
    for row in rows:
        print("  %s %12.2f/yr  health %5s  last order %s  %s" % (
            ljust(row["partner_id"][1] if row["partner_id"] else "?", 40), row["annual_value"] or 0.0,
            row["health_score"], row["last_order_date"] or "-",
            labels.get(row["rfm_segment"], row["rfm_segment"] or "")))
if "crm.lifecycle.segment" in env:
    print("\nSegments (members, annual value):")
    for segment in env["crm.lifecycle.segment"].search([]):
        print("  %s %5d  %14.2f" % (ljust(segment.name, 40), segment.member_count, segment.member_value))
    print("\nPlaybook runs:")
    for playbook in env["crm.lifecycle.playbook"].search([]):
        _line(playbook.name, playbook.run_count)
print("\ndemo script finished in %.0fs" % (time.time() - start))
