# Copyright 2026 crm_lifecycle contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Lifecycle",
    "summary": "Customer 360 profiles, lifecycle stages, RFM/ABC value and health "
               "computed from orders, invoices, deliveries, tickets and leads",
    "version": "1.0.0",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "crm_lifecycle contributors",
    "website": "https://github.com/crm-lifecycle/crm_lifecycle",
    "depends": ["crm", "sale_management", "sale_stock", "account", "helpdesk_mgmt"],
    "data": [
        "security/lifecycle_groups.xml",
        "security/ir.model.access.csv",
        "security/lifecycle_rules.xml",
        "data/lifecycle_stage_data.xml",
        "data/lifecycle_cron.xml",
        "wizard/crm_lifecycle_override_views.xml",
        "views/crm_lifecycle_profile_views.xml",
        "views/crm_lifecycle_stage_views.xml",
        "views/crm_lifecycle_transition_views.xml",
        "views/crm_lifecycle_config_views.xml",
        "views/crm_lifecycle_model_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/crm_lifecycle_menus.xml",
    ],
    "installable": True,
    "application": False,
}
