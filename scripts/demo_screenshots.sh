#!/usr/bin/env bash
# Takes the Apps page and README screenshots from the Brazilian demo, with headless
# Chromium (scripts/screenshot.py), into l10n_br_cobranca_preventiva/static/description/.
# Start the demo first (scripts/run.sh, database COBRANCA_DB, default cobranca_demo, on
# ODOO_PORT, default 8069), then run this in another terminal.
# SHOTS_OUT=<folder> writes them elsewhere (to look at the screens without touching the addon).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DB="${COBRANCA_DB:-cobranca_demo}"
URL="http://localhost:${ODOO_PORT:-8069}"
OUT="${SHOTS_OUT:-$ADDON/static/description}"
COMPANY="Distribuidora Exemplo Ltda"

sql() { psql -d "$DB" -tAc "$1"; }
# an invoice of a chronic payer due in a few days, and that customer
MOVE=$(sql "SELECT m.id FROM account_move m JOIN res_partner p ON p.id = m.partner_id
            JOIN res_company c ON c.id = m.company_id
            WHERE c.name = '$COMPANY' AND p.name = 'Comercial Nordeste Ltda'
              AND m.payment_state = 'not_paid' AND m.invoice_date_due > now() LIMIT 1")
PARTNER=$(sql "SELECT p.id FROM res_partner p JOIN res_company c ON c.id = p.company_id
               WHERE c.name = '$COMPANY' AND p.name = 'Comercial Nordeste Ltda'")

shot() {
    local name=$1 path=$2
    shift 2
    python3 scripts/screenshot.py "$path" "$OUT/screenshot_$name.png" --db "$DB" --url "$URL" \
        --wait 5 "$@"
}
# the first page a fresh server shows builds its asset bundles: give it longer
shot invoices /odoo/action-account.action_move_out_invoice_type --wait 15
shot invoice "/odoo/action-account.action_move_out_invoice_type/$MOVE" \
    --click '.o_notebook a[name=cobranca]'
shot customer "/odoo/res.partner/$PARTNER" --click '.o_notebook a[name=cobranca]' \
    --scroll-to '.o_notebook'
shot reminders /odoo/action-l10n_br_cobranca_preventiva.action_cobranca_reminder
shot approvals /odoo/action-l10n_br_cobranca_preventiva.action_cobranca_approval \
    --click '.o_group_header'
shot ranking /odoo/action-l10n_br_cobranca_preventiva.action_cobranca_ranking_report
shot settings /odoo/action-account.action_account_config --scroll-to '#cobranca_setup_checks'
shot dashboard /odoo/action-l10n_br_cobranca_preventiva_insight.action_cobranca_dashboard --wait 10 \
    --size 1440x2600
shot effect /odoo/action-l10n_br_cobranca_preventiva_insight.action_cobranca_effect_pay_rate
