#!/usr/bin/env bash
# Starts Odoo 18 with the app (and its satellites) installed on a local demo database.
# The database is created (with demo data) on the first run and reused afterwards.
#   COBRANCA_DB (default cobranca_demo), ODOO_PORT (default 8069),
#   ODOO_PYTHON / ODOO_SOURCE (see docs/testing.md), PGHOST/PGPORT/PGUSER/PGPASSWORD.
#   COBRANCA_MAIL_SINK=0 sends mail through Odoo's own outgoing mail settings instead
#   of the local sink (scripts/mail_sink.py) that keeps it in var/mail/.
#   scripts/run.sh --update   also updates the addon (after pulling new code).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${COBRANCA_DB:-cobranca_demo}"
PORT="${ODOO_PORT:-8069}"

find_odoo || { odoo_missing_message; exit 1; }
ensure_python_packages "$ODOO_PY" holidays
ensure_postgres

mapfile -t ARGS < <(odoo_args)

# Outgoing mail: a demo has no mail server, and every reminder it sends
# (and the notifications of the demo data, as the database is made) would fail.
# The local sink keeps each message as a file instead; nothing leaves this machine.
SMTP_ARGS=()
MAIL_LINE="Mail:  Odoo's outgoing mail settings (COBRANCA_MAIL_SINK=0)"
if [ "${COBRANCA_MAIL_SINK:-1}" != 0 ]; then
    SINK_PORT="${COBRANCA_MAIL_SINK_PORT:-2525}"
    "$ODOO_PY" "$ROOT/scripts/mail_sink.py" --port "$SINK_PORT" --folder "$ROOT/var/mail" &
    SINK_PID=$!
    trap 'kill "$SINK_PID" 2>/dev/null || true' EXIT
    SMTP_ARGS=(--smtp=127.0.0.1 --smtp-port="$SINK_PORT")
    MAIL_LINE="Mail:  kept in var/mail/*.eml by a local sink, nothing is sent (COBRANCA_MAIL_SINK=0: a real server)"
fi

state=$(psql -d "$DB" -tAc "select state from ir_module_module where name = '$ADDON'" 2>/dev/null || true)
if [ "$state" != installed ]; then
    log "creating database $DB with demo data and installing $ADDON (a few minutes the first time)"
    "$ODOO_PY" -m odoo "${ARGS[@]}" "${SMTP_ARGS[@]}" -d "$DB" -i "$ADDON" --load-language=pt_BR \
        --stop-after-init --log-level=warn
elif [ "${1:-}" = --update ]; then
    log "updating $ADDON in $DB"
    # a satellite that is new since the database was made comes with the update
    "$ODOO_PY" -m odoo "${ARGS[@]}" "${SMTP_ARGS[@]}" -d "$DB" -u "$ADDON" \
        -i "$(IFS=,; echo "${SATELLITES[*]}")" \
        --stop-after-init --log-level=warn
fi

cat <<MSG

  Odoo 18 with $ADDON is starting on database $DB.
  URL:   http://localhost:$PORT/odoo/action-account.action_move_out_invoice_type
  Login: admin   Password: admin
  $MAIL_LINE
  (Ctrl+C stops it.)

MSG
"$ODOO_PY" -m odoo "${ARGS[@]}" "${SMTP_ARGS[@]}" -d "$DB" --db-filter="^${DB}\$" \
    --http-port="$PORT" --log-level=info
