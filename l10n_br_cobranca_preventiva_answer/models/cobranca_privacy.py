"""What the customer answered, in the app's LGPD machinery: its copy (promises,
installment proposals, WhatsApp files to download), its erasure and the retention of
what it wrote, the privacy notice's line on WhatsApp downloads, and the payer
ranking's broken promises."""

from markupsafe import Markup

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.l10n_br_cobranca_preventiva.models.cobranca_rules import OPEN_INVOICE

from .cobranca_whatsapp_proof import KEEP as PROOF_DOWNLOAD_KEEP


class CobrancaPrivacy(models.AbstractModel):
    _inherit = "cobranca.privacy"

    @api.model
    def _customer_messages(self, moves):
        """And what the customer wrote in the chatter of its installment proposals."""
        written = super()._customer_messages(moves)
        if moves:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT msg.id, true
                      FROM mail_message msg
                      JOIN cobranca_installment_proposal pr
                        ON msg.model = 'cobranca.installment.proposal' AND msg.res_id = pr.id
                      JOIN res_partner a ON a.id = msg.author_id
                     WHERE pr.move_id = ANY(%(moves)s)
                       AND coalesce(a.commercial_partner_id, a.id) = pr.partner_id
                    """,
                    moves=moves.ids,
                )
            )
            written.update(rows)
        return written

    @api.model
    def _erase_answers(self, moves, notice):
        """And the promise and proposal notes, the collector's to-dos on the proposals
        and the WhatsApp files still to download."""
        moves = moves.sudo()
        if moves:
            self.env["cobranca.whatsapp.proof"].sudo().search(
                [("move_id", "in", moves.ids)]
            ).unlink()
            self.env.flush_all()
            self.env.execute_query(
                SQL(
                    """
                    UPDATE cobranca_promise SET note = NULL
                     WHERE move_id = ANY(%(moves)s) AND note IS NOT NULL;
                    UPDATE cobranca_installment_proposal SET note = NULL, decision_note = NULL
                     WHERE move_id = ANY(%(moves)s);
                    UPDATE mail_activity SET note = %(notice)s
                     WHERE automated AND res_model = 'cobranca.installment.proposal'
                       AND res_id IN (SELECT id FROM cobranca_installment_proposal
                                       WHERE move_id = ANY(%(moves)s));
                    UPDATE mail_message SET body = %(notice)s
                     WHERE mail_activity_type_id IS NOT NULL
                       AND model = 'cobranca.installment.proposal'
                       AND res_id IN (SELECT id FROM cobranca_installment_proposal
                                       WHERE move_id = ANY(%(moves)s));
                    """,
                    moves=moves.ids,
                    notice=str(Markup("<p>%s</p>") % notice),
                )
            )
        return super()._erase_answers(moves, notice)


class CobrancaRetention(models.AbstractModel):
    _inherit = "cobranca.retention"

    def _answered_sql(self):
        return SQL(
            """(%(app)s
                OR EXISTS (SELECT 1 FROM cobranca_promise pr
                            WHERE pr.move_id = m.id AND pr.note IS NOT NULL)
                OR EXISTS (SELECT 1 FROM cobranca_installment_proposal pr
                            WHERE pr.move_id = m.id
                              AND (pr.note IS NOT NULL OR pr.decision_note IS NOT NULL))
                OR EXISTS (SELECT 1 FROM cobranca_whatsapp_proof w WHERE w.move_id = m.id))""",
            app=super()._answered_sql(),
        )


class CobrancaRanking(models.AbstractModel):
    _inherit = "cobranca.ranking"

    def _broken_promises(self, company, partner_ids, since):
        """[(partner id, promises broken since ``since``, of which on invoices still
        open)] of these customers in ``company``: one query."""
        return self.env.execute_query(
            SQL(
                """
                SELECT pr.partner_id, count(*),
                       count(*) FILTER (WHERE %(open)s)
                  FROM cobranca_promise pr
                  JOIN account_move m ON m.id = pr.move_id
                 WHERE pr.company_id = %(company)s AND pr.partner_id = ANY(%(partners)s)
                   AND pr.state = 'broken' AND pr.date >= %(since)s
              GROUP BY pr.partner_id
                """,
                company=company.id,
                partners=list(partner_ids),
                since=since,
                open=OPEN_INVOICE,
            )
        )


class CobrancaDataSubject(models.AbstractModel):
    _inherit = "cobranca.data.subject"

    @api.model
    def _answers_data(self, customer, persons, companies):
        """And the customer's promises, installment proposals and WhatsApp files to
        download."""
        data = super()._answers_data(customer, persons, companies)
        answer_scope = [("partner_id", "=", customer.id), ("company_id", "in", companies.ids)]
        promises = self.env["cobranca.promise"].search(answer_scope, order="id")
        proposals = self.env["cobranca.installment.proposal"].search(answer_scope, order="id")
        moves = self.env["cobranca.privacy"]._customer_moves(persons, companies)
        downloads = (
            self.env["cobranca.whatsapp.proof"].sudo().search([("move_id", "in", moves.ids)])
        )
        data.update(
            {
                "promises": [
                    {
                        "company": p.company_id.name,
                        "invoice": p.move_id.name,
                        "date": p.date.isoformat(),
                        "amount": p.amount,
                        "source": p.source,
                        "channel": p.channel or None,
                        "state": p.state,
                        "note": p.note or None,
                        "recorded_on": p.create_date.isoformat(),
                    }
                    for p in promises
                ],
                "installment_proposals": [
                    {
                        "company": p.company_id.name,
                        "invoice": p.move_id.name,
                        "installments": p.installment_count,
                        "first_date": p.first_date.isoformat(),
                        "amount": p.amount,
                        "source": p.source,
                        "state": p.state,
                        "note": p.note or None,
                        "proposed_on": p.create_date.isoformat(),
                    }
                    for p in proposals
                ],
                "whatsapp_downloads": [
                    {
                        "invoice": download.move_id.name,
                        "file": download.filename or None,
                        "media_id": download.media_id,
                        "state": download.state,
                        "received_on": download.create_date.isoformat(),
                    }
                    for download in downloads
                ],
            }
        )
        return data


class CobrancaPrivacyNotice(models.AbstractModel):
    _inherit = "cobranca.privacy.notice"

    def _retention_notice(self, company):
        """The data of a WhatsApp file's download, before the invoices' line."""
        notice = super()._retention_notice(company)
        notice.insert(
            len(notice) - 1,
            {
                "data": "Dados do download de um arquivo enviado por WhatsApp (nome do "
                "arquivo, identificador).",
                "period": f"{PROOF_DOWNLOAD_KEEP.days} dias após o download; o arquivo fica "
                "com a fatura, como acima.",
                "reason": "Só servem para baixar o arquivo.",
            },
        )
        return notice
