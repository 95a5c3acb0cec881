"""The WhatsApp downloads' row in the public privacy notice's retention table."""

from odoo import models

from .cobranca_whatsapp_proof import KEEP as PROOF_DOWNLOAD_KEEP


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
