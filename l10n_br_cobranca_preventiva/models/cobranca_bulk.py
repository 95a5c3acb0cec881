"""Bulk writes in one statement (SQL, no model): the rows a batch computed go to
the database as columns of arrays, ``unnest``-ed on the server, not one
``UPDATE``/``INSERT`` per row nor a ``VALUES`` list the size of the batch.

A column is ``(name, SQL type, values)``; every column of a call holds one value per
row, in the same order. The caller flushes what it reads and invalidates what it
writes (the ORM cache does not see these statements).
"""

from odoo.tools import SQL

_NOW = SQL("now() at time zone 'UTC'")


def unnest(columns, alias="v"):
    """``unnest(%s::type[], …) AS alias(name, …)``: a table of the rows of ``columns``."""
    return SQL(
        "unnest(%s) AS %s(%s)",
        SQL(", ").join(
            SQL("%s::%s[]", list(values), SQL(sql_type)) for _n, sql_type, values in columns
        ),
        SQL.identifier(alias),
        SQL(", ").join(SQL.identifier(name) for name, _t, _v in columns),
    )


def bulk_update(env, table, ids, columns, sets=None, where=None, stamp=False):
    """UPDATE ``table`` (alias ``t``) so that the row of each of ``ids`` takes its
    values, in one statement; returns the ids updated.

    :param columns: ``[(name, SQL type, values)]``, values aligned with ``ids``: by
        default ``name = v.name``
    :param sets: ``{name: SQL}`` expressions of ``t`` and ``v`` replacing that default
    :param where: an SQL condition on ``t`` a row must still meet to be updated
    :param stamp: set ``write_uid`` and ``write_date`` too
    """
    if not ids:
        return []
    sets = sets or {}
    assignments = [
        SQL("%s = %s", SQL.identifier(name), sets.get(name) or SQL.identifier("v", name))
        for name, _t, _v in columns
    ]
    if stamp:
        assignments += [SQL("write_uid = %s", env.uid), SQL("write_date = %s", _NOW)]
    rows = env.execute_query(
        SQL(
            """
            UPDATE %(table)s t SET %(sets)s
              FROM %(rows)s
             WHERE t.id = v.id AND %(where)s
         RETURNING t.id
            """,
            table=SQL.identifier(table),
            sets=SQL(", ").join(assignments),
            rows=unnest([("id", "int", ids), *columns]),
            where=where or SQL("TRUE"),
        )
    )
    return [row[0] for row in rows]


def bulk_insert(env, table, columns, conflict=(), update=(), stamp=False, returning=None):
    """INSERT the rows of ``columns`` into ``table`` in one statement; returns the
    rows of ``returning`` (column names) that were inserted or updated.

    :param conflict: the unique columns: a row already there is left alone (``ON
        CONFLICT … DO NOTHING``), or takes the new values of ``update``
    :param stamp: set ``create_uid``, ``create_date``, ``write_uid``, ``write_date``
    """
    names = [SQL.identifier(name) for name, _t, _v in columns]
    values = [SQL.identifier("v", name) for name, _t, _v in columns]
    if stamp:
        names += [
            SQL.identifier(n) for n in ("create_uid", "create_date", "write_uid", "write_date")
        ]
        values += [SQL("%s", env.uid), _NOW, SQL("%s", env.uid), _NOW]
    on_conflict = SQL()
    if conflict:
        target = SQL(", ").join(SQL.identifier(name) for name in conflict)
        action = (
            SQL(
                "DO UPDATE SET %s",
                SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in update
                ),
            )
            if update
            else SQL("DO NOTHING")
        )
        on_conflict = SQL("ON CONFLICT (%s) %s", target, action)
    query = SQL(
        "INSERT INTO %s (%s) SELECT %s FROM %s %s",
        SQL.identifier(table),
        SQL(", ").join(names),
        SQL(", ").join(values),
        unnest(columns),
        on_conflict,
    )
    if not returning:
        env.execute_query(query)
        return []
    return env.execute_query(
        SQL("%s RETURNING %s", query, SQL(", ").join(SQL.identifier(n) for n in returning))
    )
