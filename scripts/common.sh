# Shared by run.sh and test.sh (sourced, not executed).
# Finds Odoo 18 and PostgreSQL, or sets them up, and says exactly what is missing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The app, the satellites that install themselves with it (auto_install), and the
# queue_job glue (installed only where OCA's queue_job is).
ADDON=l10n_br_cobranca_preventiva
SATELLITES=(l10n_br_cobranca_preventiva_sms l10n_br_cobranca_preventiva_answer l10n_br_cobranca_preventiva_insight)
GLUE=l10n_br_cobranca_preventiva_queue_job
VENV="${COBRANCA_VENV:-$ROOT/.venv}"
ODOO_SOURCE="${ODOO_SOURCE:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
# Database connection (TCP on localhost with a password role, created when missing).
export PGHOST="${PGHOST:-localhost}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-odoo}"
export PGPASSWORD="${PGPASSWORD:-odoo}"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }

# Prints the Python that imports Odoo 18, or nothing.
_odoo_python_candidate() {
    local py=$1
    command -v "$py" >/dev/null 2>&1 || [ -x "$py" ] || return 1
    "$py" - <<'PY' >/dev/null 2>&1
import odoo.release, sys
sys.exit(0 if odoo.release.version_info[0] == 18 else 1)
PY
}

# Sets ODOO_PY: ODOO_PYTHON, else python3, else the project virtualenv, else installs
# Odoo into that virtualenv from ODOO_SOURCE. Sets ODOO_MISSING with the reason on failure.
find_odoo() {
    ODOO_PY=""
    ODOO_MISSING=""
    local candidate
    for candidate in ${ODOO_PYTHON:-} python3 "$VENV/bin/python"; do
        if _odoo_python_candidate "$candidate"; then
            ODOO_PY=$(command -v "$candidate" || echo "$candidate")
            return 0
        fi
    done
    if [ -n "${ODOO_PYTHON:-}" ]; then
        ODOO_MISSING="ODOO_PYTHON=$ODOO_PYTHON does not import Odoo 18."
        return 1
    fi
    install_odoo_venv
}

# Installs Odoo 18 from its official source archive into the project virtualenv.
install_odoo_venv() {
    log "Odoo 18 is not importable: installing it into $VENV from $ODOO_SOURCE"
    local src="$VENV/src/odoo"
    python3 -m venv "$VENV" || { ODOO_MISSING="cannot create a virtualenv with python3 -m venv"; return 1; }
    rm -rf "$src" && mkdir -p "$src"
    if [ -d "$ODOO_SOURCE" ]; then
        cp -a "$ODOO_SOURCE"/. "$src"/
    elif ! { curl -fsSL "$ODOO_SOURCE" || wget -qO- "$ODOO_SOURCE"; } 2>/dev/null \
            | tar -xz -C "$src" --strip-components=1 2>/dev/null; then
        ODOO_MISSING="could not download Odoo 18 from $ODOO_SOURCE"
        return 1
    fi
    # Odoo's pinned requirements build with setuptools < 70 (pkg_resources). Odoo 18's
    # gevent (22.10) loads its plugins through that pkg_resources, which does not find
    # zope.event 5.1+ nor zope.interface 7.3+ (their metadata under a normalised name):
    # the websocket process of a server with workers would fail at every start.
    printf 'setuptools<70\nzope.event<5.1\nzope.interface<7.3\n' > "$VENV/build-constraints.txt"
    if ! PIP_CONSTRAINT="$VENV/build-constraints.txt" "$VENV/bin/pip" install -q \
            -r "$src/requirements.txt" >&2 \
        || ! PIP_CONSTRAINT="$VENV/build-constraints.txt" "$VENV/bin/pip" install -q \
            --no-deps "$src" >&2; then
        ODOO_MISSING="pip could not install Odoo 18's requirements into $VENV (see above)"
        return 1
    fi
    ODOO_PY="$VENV/bin/python"
}

odoo_missing_message() {
    cat >&2 <<MSG
Odoo 18 is missing: ${ODOO_MISSING}
Provide it in one of these ways, then run this command again:
  - install Odoo 18 so that 'python3 -c "import odoo"' works (pip install <odoo-18-source>; not
    editable: addons installed as wheels, such as queue_job, extend its odoo/addons), or
  - point ODOO_PYTHON at a Python that imports Odoo 18, or
  - set ODOO_SOURCE to an Odoo 18 source archive URL or unpacked source folder
    (default: $ODOO_SOURCE, needs internet) to install it into $VENV.
MSG
}

# Installs the addon's and the tests' Python packages into the given Python when absent.
ensure_python_packages() {
    local py=$1
    shift
    if ! "$py" -c "import $*" >/dev/null 2>&1; then
        log "installing Python packages from scripts/requirements-test.txt into $py"
        PIP_CONSTRAINT="" "$py" -m pip install -q -r "$ROOT/scripts/requirements-test.txt" >&2
    fi
}

# Installs OCA's queue_job (pinned in scripts/requirements-jobs.txt) when absent.
ensure_queue_job() {
    local py=$1
    if ! "$py" -c "import importlib.metadata as m; m.version('odoo-addon-queue_job')" \
            >/dev/null 2>&1; then
        log "installing OCA's queue_job from scripts/requirements-jobs.txt into $py"
        PIP_CONSTRAINT="" "$py" -m pip install -q --no-deps \
            -r "$ROOT/scripts/requirements-jobs.txt" >&2
    fi
}

# Starts a local PostgreSQL when it is installed and stopped, creates the role, waits.
ensure_postgres() {
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        if command -v pg_lsclusters >/dev/null 2>&1; then
            local version cluster
            read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
            if [ -n "${version:-}" ]; then
                log "starting PostgreSQL $version/$cluster"
                pg_ctlcluster "$version" "$cluster" start 2>/dev/null \
                    || sudo -n pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
            fi
        fi
        local i
        for i in $(seq 1 30); do
            pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null && break
            sleep 1
        done
    fi
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        log "PostgreSQL does not answer on $PGHOST:$PGPORT; install and start it (or set PGHOST/PGPORT)."
        return 1
    fi
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        log "creating PostgreSQL role $PGUSER"
        local sql="CREATE ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';"
        if [ "$(id -u)" = 0 ]; then
            printf '%s\n' "$sql" | su - postgres -c "psql -p $PGPORT -q -v ON_ERROR_STOP=1" >&2 || true
        else
            printf '%s\n' "$sql" | sudo -n -u postgres env -u PGHOST -u PGUSER -u PGPASSWORD \
                psql -p "$PGPORT" -q -v ON_ERROR_STOP=1 >&2 || true
        fi
        psql -d postgres -tAc 'select 1' >/dev/null 2>&1 || {
            log "cannot connect to PostgreSQL as $PGUSER; create that role (LOGIN CREATEDB) or set PGUSER/PGPASSWORD."
            return 1
        }
    fi
}

odoo_args() {
    printf '%s\n' --addons-path="$ROOT" --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$PGUSER" --db_password="$PGPASSWORD"
}
