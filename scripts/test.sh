#!/usr/bin/env bash
# Runs the plain-Python tests (no Odoo needed), then the addon's Odoo tests with
# pytest-odoo on a throw-away database (created, addon installed, dropped afterwards).
# Ends with one line of totals. Fails when the Odoo tests cannot run.
# Arguments, if any, go to the Odoo tests' pytest instead of the whole folder
# (e.g. scripts/test.sh l10n_br_cobranca_preventiva/tests/test_consent.py -k optout).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

WORK=$(mktemp -d)
DB="cobranca_test_$$"
DB_CREATED=""
DB_JOBS_CREATED=""
cleanup() {
    if [ -n "$DB_CREATED" ]; then
        dropdb --if-exists "$DB" 2>/dev/null || log "could not drop database $DB"
    fi
    if [ -n "$DB_JOBS_CREATED" ]; then
        dropdb --if-exists "${DB}_jobs" 2>/dev/null || log "could not drop database ${DB}_jobs"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# "passed failed errors skipped" of a JUnit XML report.
junit_counts() {
    python3 - "$1" <<'PY' 2>/dev/null || echo "0 0 1 0"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = f = e = s = 0
for suite in suites:
    t += int(suite.get("tests", 0)); f += int(suite.get("failures", 0))
    e += int(suite.get("errors", 0)); s += int(suite.get("skipped", 0))
print(t - f - e - s, f, e, s)
PY
}

# Adds a JUnit report's counts to the Odoo totals.
add_odoo_counts() {
    local pass fail err skip
    read -r pass fail err skip < <(junit_counts "$1")
    O_PASS=$((O_PASS + pass)) O_FAIL=$((O_FAIL + fail))
    O_ERR=$((O_ERR + err)) O_SKIP=$((O_SKIP + skip))
}

# Installs a module on a new database, without demo data; shows the log and fails on an
# error or a logged ERROR/CRITICAL. (Odoo 18's own l10n_br/i18n/pt.po has a syntax error
# in some nightlies: that message is Odoo's, not the addon's, and does not fail the run.)
install_on() {
    local db=$1 module=$2 log="$WORK/install_$1.log"
    if ! "$ODOO_PY" -m odoo "${ARGS[@]}" -d "$db" -i "$module" --without-demo=all \
            --stop-after-init --log-level=warn >"$log" 2>&1 \
        || grep -E "(ERROR|CRITICAL) $db " "$log" \
            | grep -v "odoo.tools.translate: couldn't read translation file" >&2; then
        cat "$log" >&2
        return 1
    fi
}

find_odoo
PLAIN_PY="$ODOO_PY"
if [ -z "$PLAIN_PY" ]; then
    # No Odoo: the plain tests still run, in a small virtualenv of their own.
    PLAIN_PY="$ROOT/.venv-plain/bin/python"
    [ -x "$PLAIN_PY" ] || python3 -m venv "$ROOT/.venv-plain"
    "$PLAIN_PY" -c "import holidays, pytest, freezegun, polib" 2>/dev/null \
        || "$PLAIN_PY" -m pip install -q -r scripts/requirements.txt pytest freezegun polib >&2
else
    ensure_python_packages "$ODOO_PY" holidays pytest pytest_odoo freezegun pytest_httpserver polib
    ensure_queue_job "$ODOO_PY"
fi

log "plain-Python tests (tests/)"
"$PLAIN_PY" -m pytest -p no:odoo -q tests --junitxml="$WORK/plain.xml"
read -r P_PASS P_FAIL P_ERR P_SKIP < <(junit_counts "$WORK/plain.xml")

O_PASS=0 O_FAIL=0 O_ERR=0 O_SKIP=0 ODOO_STATUS=ran
if [ -z "$ODOO_PY" ]; then
    ODOO_STATUS=missing
    odoo_missing_message
elif ! ensure_postgres; then
    ODOO_STATUS="no PostgreSQL"
else
    mapfile -t ARGS < <(odoo_args)
    log "installing $ADDON on the throw-away database $DB"
    DB_CREATED=1
    if ! install_on "$DB" "$ADDON"; then
        ODOO_STATUS="install failed"
    else
        cat >"$WORK/odoo.conf" <<CONF
[options]
addons_path = $ROOT
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
db_name = $DB
CONF
        # the app's tests and its satellites' (installed with it), or the ones asked for
        TEST_PATHS=("$@")
        [ $# -gt 0 ] || TEST_PATHS=("$ADDON/tests" "${SATELLITES[@]/%//tests}")
        log "Odoo tests (${TEST_PATHS[*]}) with pytest-odoo"
        "$ODOO_PY" -m pytest -q -p no:cacheprovider --odoo-config="$WORK/odoo.conf" \
            --odoo-database="$DB" --odoo-http --odoo-log-level=warn \
            -o pythonpath= -o testpaths= --import-mode=prepend \
            "${TEST_PATHS[@]}" --junitxml="$WORK/odoo.xml"
        read -r O_PASS O_FAIL O_ERR O_SKIP < <(junit_counts "$WORK/odoo.xml")
    fi
fi

# Packaging and module life cycle (a whole run only): the wheel built and installed into
# a fresh virtualenv beside Odoo, and an uninstall that leaves nothing behind followed by
# a new install, on a copy of the database the addon was just installed on.
if [ "$ODOO_STATUS" = ran ] && [ $# -eq 0 ]; then
    log "wheel and uninstall/reinstall tests (tests_install/)"
    COBRANCA_TEMPLATE_DB="$DB" "$ODOO_PY" -m pytest -q -p no:cacheprovider -p no:odoo \
        tests_install --junitxml="$WORK/install.xml"
    add_odoo_counts "$WORK/install.xml"
fi

# The queue_job glue (a whole run only, when queue_job is installed, as
# scripts/requirements-jobs.txt asks): its tests on a database of its own, then two
# job-runner workers planning 1 500 invoices and dispatching their 500 due reminders at
# once, and a dispatching worker killed at random (500 email reminders, then 200
# WhatsApp ones through a fake Cloud API): no duplicate, no second request, nothing lost
# (scripts/workers.py; docs/benchmarks.md).
J_STATUS=ran
[ $# -eq 0 ] || J_STATUS="not run for a subset"
if [ "$ODOO_STATUS" = ran ] && [ $# -eq 0 ]; then
    JOBS_DB="${DB}_jobs"
    log "installing $GLUE on the throw-away database $JOBS_DB"
    DB_JOBS_CREATED=1
    if ! install_on "$JOBS_DB" "$GLUE"; then
        J_STATUS="install failed"
    else
        sed -i "s/^db_name = .*/db_name = $JOBS_DB/" "$WORK/odoo.conf"
        log "Odoo tests ($GLUE/tests) with pytest-odoo"
        "$ODOO_PY" -m pytest -q -p no:cacheprovider --odoo-config="$WORK/odoo.conf" \
            --odoo-database="$JOBS_DB" --odoo-log-level=warn \
            -o pythonpath= -o testpaths= --import-mode=prepend \
            "$GLUE/tests" --junitxml="$WORK/jobs.xml"
        add_odoo_counts "$WORK/jobs.xml"
        log "two job-runner workers, then a worker killed at random (scripts/workers.py)"
        "$ODOO_PY" scripts/workers.py --reuse --keep --db "$JOBS_DB" --due 500 --open 1500 \
            --batch 50 --workers 2 || J_STATUS="workers: duplicates or lost reminders"
        "$ODOO_PY" scripts/workers.py --reuse --keep --db "$JOBS_DB" --due 500 --batch 25 \
            --kill-soak --kills 3 --min-interval 0.5 --max-interval 2 \
            || J_STATUS="kill soak: duplicates or lost reminders"
        "$ODOO_PY" scripts/workers.py --reuse --keep --db "$JOBS_DB" --due 200 --batch 20 \
            --kill-soak --channel whatsapp --kills 2 --min-interval 0.5 --max-interval 2 \
            || J_STATUS="WhatsApp kill soak: duplicates, repeated requests or lost reminders"
    fi
fi

STATUS=OK
[ "$J_STATUS" = ran ] || [ $# -gt 0 ] || STATUS=FAILED
[ $((P_FAIL + P_ERR + P_SKIP + O_FAIL + O_ERR + O_SKIP)) -eq 0 ] || STATUS=FAILED
[ "$ODOO_STATUS" = ran ] && [ $((O_PASS)) -gt 0 ] || STATUS=FAILED
echo "TOTAL plain: $P_PASS passed, $P_FAIL failed, $P_ERR errors, $P_SKIP skipped |" \
     "odoo ($ODOO_STATUS): $O_PASS passed, $O_FAIL failed, $O_ERR errors, $O_SKIP skipped |" \
     "workers ($J_STATUS) | $STATUS"
[ "$STATUS" = OK ]
