/** @odoo-module **/
/*
 * Browser tour of the answers on the invoice, run by tests/test_tour.py: the promise a
 * clerk records by writing the pause date is listed on the invoice's Promises page.
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("l10n_br_cobranca_preventiva_answer_clerk", {
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
            content: "Record the date the customer promised to pay",
            trigger: ".o_field_widget[name='cobranca_paused_until'] input",
            run: "edit 03/20/2026 && press Enter",
        },
        ...stepUtils.saveForm(),
        {
            content: "The promise is recorded: open the Promises page",
            trigger: ".o_notebook a.nav-link[name='cobranca_promises']",
            run: "click",
        },
        {
            content: "It lists the clerk's open promise with its date",
            trigger:
                ".o_field_widget[name='cobranca_promise_ids'] .o_data_row:contains('03/20/2026'):contains('Clerk'):contains('Open')",
        },
    ],
});
