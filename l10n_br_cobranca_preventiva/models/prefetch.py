"""The prefetch group of the family's columns on Odoo's own tables.

Reading one field of an invoice, a customer or a company makes Odoo fetch every column
of that field's prefetch group, and by default all the columns of a table share one
group. The family's columns on ``account.move`` (20), ``res.partner`` (20) and
``res.company`` (53 settings) would then ride along each time an accountant's flow
reads a record, as Odoo's lock date check does with the company on every request. In
a group of their own they are fetched together, only when one of them is read.

Tracked fields stay in Odoo's group: the chatter's tracking reads them before every
write of the record, often one record at a time, where a group of their own would cost
a query each.
"""

PREFETCH_GROUP = "cobranca"
