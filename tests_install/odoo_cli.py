"""Driving the ``odoo`` command and PostgreSQL from the install tests: module operations
cannot run inside Odoo's test transaction, so these tests run ``odoo`` (and its shell)
on throw-away databases of their own. The Python running them is the one that imports
Odoo."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
PG = {
    "host": os.environ.get("PGHOST", "localhost"),
    "port": os.environ.get("PGPORT", "5432"),
    "user": os.environ.get("PGUSER", "odoo"),
    "password": os.environ.get("PGPASSWORD", "odoo"),
}


def connect(dbname):
    connection = psycopg2.connect(dbname=dbname, **PG)
    connection.autocommit = True
    return connection


def odoo(db, *args, stdin=None):
    """Runs the odoo command on ``db``; fails on an error in its log. Returns the value
    a shell script printed as ``RESULT <json>``."""
    command, args = (["shell", "--no-http"], args[1:]) if args[:1] == ("shell",) else ([], args)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            *command,
            f"--addons-path={ROOT}",
            f"--db_host={PG['host']}",
            f"--db_port={PG['port']}",
            f"--db_user={PG['user']}",
            f"--db_password={PG['password']}",
            f"--database={db}",
            "--log-level=warn",
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    errors = [
        line
        for line in result.stderr.splitlines()
        if re.search(rf" (ERROR|CRITICAL) {db} ", line)
        # Odoo 18's own l10n_br/i18n/pt.po is broken in some nightlies (see scripts/test.sh)
        and "couldn't read translation file" not in line
    ]
    assert result.returncode == 0 and not errors, result.stderr[-4000:]
    found = [
        line[len("RESULT ") :] for line in result.stdout.splitlines() if line.startswith("RESULT ")
    ]
    return json.loads(found[-1]) if found else None


def query(db, text, *params):
    with connect(db) as connection, connection.cursor() as cursor:
        cursor.execute(text, params)
        return cursor.fetchall()


def _admin(*statements):
    admin = connect("postgres")
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        admin.close()


def drop_database(name):
    _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def copy_database(name, template):
    """``name``: a new database copied from ``template`` (none made when ``template``
    is empty), dropped first if it exists."""
    drop_database(name)
    if template:
        _admin(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
