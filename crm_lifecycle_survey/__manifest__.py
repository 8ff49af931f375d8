# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Lifecycle Surveys",
    "summary": "NPS, CSAT and CES satisfaction surveys on Odoo's survey module, "
               "with closed-loop follow-up of unhappy customers",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_lifecycle contributors",
    "website": "https://github.com/crm-lifecycle/crm_lifecycle",
    "depends": ["crm_lifecycle", "survey", "rating"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/survey_data.xml",
        "data/lifecycle_stage_data.xml",
        "data/lifecycle_segment_data.xml",
        "views/crm_lifecycle_satisfaction_views.xml",
        "views/crm_lifecycle_followup_views.xml",
        "views/crm_lifecycle_survey_invitation_views.xml",
        "views/crm_lifecycle_config_views.xml",
        "views/crm_lifecycle_stage_views.xml",
        "views/survey_survey_views.xml",
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/crm_lifecycle_survey_menus.xml",
    ],
}
