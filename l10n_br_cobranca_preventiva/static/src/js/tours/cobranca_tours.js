/** @odoo-module **/
/*
 * Browser tours of the collection screens, run by tests/test_tour.py (HttpCase.start_tour)
 * on the data that test prepares. Every step waits for an element that exists only when
 * its screen works: a broken view, a missing field or a server error fails the tour.
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

// A receivables clerk opens a posted invoice, reads its plan and records a promise.
tours.add("l10n_br_cobranca_preventiva_clerk", {
    url: "/odoo/action-account.action_move_out_invoice_type",
    steps: () => [
        {
            content: "Open the invoice of the customer who will promise to pay",
            trigger:
                ".o_list_view .o_data_row:contains('Cliente da Promessa Ltda') td.o_data_cell",
            run: "click",
        },
        {
            content: "Open the invoice's Collection tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name='cobranca']",
            run: "click",
        },
        {
            content: "The ladder that applies is shown",
            trigger:
                ".o_field_widget[name='cobranca_regua_id'] input:value(Régua padrão)",
        },
        {
            content: "The timeline states the due date on the banking calendar",
            trigger:
                ".o_cobranca_timeline p:contains('Due date 03/13/2026'):contains('business days')",
        },
        {
            content:
                "and lists the planned reminders, from D-5 to the escalation at D+15",
            trigger:
                ".o_field_widget[name='cobranca_reminder_ids'] .o_data_row:contains('D-5'):contains('Scheduled')",
        },
        {
            content: "the escalation step is planned too",
            trigger:
                ".o_field_widget[name='cobranca_reminder_ids'] .o_data_row:contains('D+15'):contains('Scheduled')",
        },
        {
            content: "Record the date the customer promised to pay",
            trigger: ".o_field_widget[name='cobranca_paused_until'] input",
            run: "edit 03/20/2026 && press Enter",
        },
        {
            content: "A promise can be lifted again",
            trigger: "button[name='action_cobranca_resume']",
        },
        ...stepUtils.saveForm(),
        {
            content: "Once saved, the pending reminders say why they wait",
            trigger:
                ".o_field_widget[name='cobranca_reminder_ids'] .o_data_row:contains('D-5'):contains('Paused: promise to pay')",
        },
    ],
});

// An approver decides an escalation from Invoicing > Customers > Collection Approvals.
tours.add("l10n_br_cobranca_preventiva_approver", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open the Customers menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open Collection Approvals",
            trigger:
                ".dropdown-menu [data-menu-xmlid='l10n_br_cobranca_preventiva.menu_cobranca_approval']",
            run: "click",
        },
        {
            content: "Escalations are grouped by customer: open the debtor's group",
            trigger:
                ".o_list_view .o_group_header:contains('Devedor da Escalada Ltda')",
            run: "click",
        },
        {
            content: "Approve the formal notice step",
            trigger:
                ".o_list_view .o_data_row:contains('D+15') button[name='action_approve']",
            run: "click",
        },
        {
            content: "Nothing waits for approval any more",
            trigger: ".o_view_nocontent:contains('No escalation waits for approval')",
        },
    ],
});

// The Invoicing settings show the collection blocks with the company's values.
tours.add("l10n_br_cobranca_preventiva_settings", {
    url: "/odoo/action-account.action_account_config",
    steps: () => [
        {
            content: "The collection block is on the Invoicing settings",
            trigger: ".o_setting_container h2:contains('Preventive Collection')",
        },
        {
            content: "with the company's default ladder",
            trigger:
                "#cobranca_default_regua .o_field_widget[name='cobranca_default_regua_id'] input:value(Régua padrão)",
        },
        {
            content: "and its sending window",
            trigger:
                "#cobranca_window .o_field_widget[name='cobranca_window_weekday_start']",
        },
        {
            content: "The messages block",
            trigger: ".o_setting_container h2:contains('Collection Messages')",
        },
        {
            content: "The consent block, with the policy per channel",
            trigger:
                "#cobranca_consent_policy .o_field_widget[name='cobranca_consent_whatsapp']",
        },
        {
            content: "The WhatsApp block",
            trigger: "#cobranca_whatsapp_account",
        },
        {
            content: "The payer ranking block, with its classes",
            trigger: "#cobranca_ranking_classes",
        },
    ],
});
