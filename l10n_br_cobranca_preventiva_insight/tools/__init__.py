"""Plain-Python core of the insight addon (Odoo's ``tools`` convention): nothing here
imports Odoo, so the insight maths (DSO, CEI, A/B test, learned send hour, predicted
pay date, cash-in forecast) are tested without a database (top-level ``tests/`` load
this package as ``cobranca_insight_tools``)."""
