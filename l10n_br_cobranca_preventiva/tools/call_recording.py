"""States whose laws require collection calls to consumers to be recorded (plain
Python, no Odoo).

In each, the collector records the call (date and time), tells the consumer in every
collection contact that calls are recorded and that the recording is given on
request within seven business days, and takes the request through the same channels
it uses to collect. The call to-do of a debtor of these states says so. Rows are
labelled as tools/contact_hours.py labels its laws: ``confirmed`` where the law's
text was read (with its article), else reported.

Confirmed:

- SP — Lei estadual 14.953, de 20/02/2013, art. 3º and § 2º: "Toda cobrança de dívida
  oriunda de relação de consumo, quando feita por meio de ligação telefônica, deve ser
  gravada, identificando-se a data e a hora do contato, e colocada à disposição do
  consumidor, caso seja solicitada"; "O consumidor deve ser informado, em todos os
  contatos para cobrança, da obrigatoriedade da gravação das ligações e da
  disponibilidade do cobrador em fornecê-las, quando por aquele solicitado, em até 7
  (sete) dias úteis". Source (Assembleia's compiled text):
  http://www.al.sp.gov.br/repositorio/legislacao/lei/2013/lei-14953-20.02.2013.html
- RJ — Lei estadual 6.854, de 30/06/2014, art. 3º and § 2º (redação da Lei 7.868/2018):
  the same duties, and the recording also identifies the attendant/operator. Source:
  http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html (and
  https://www.contabeis.com.br/legislacao/67189/lei-rj-6854-2014).
- PR — Lei estadual 17.352, de 09/11/2012, art. 2º-A and § 1º (incluídos pela Lei
  19.498/2018): the same duties when the collection is made by a collection company or
  by the collection department of a medium or large company. Source:
  https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do?action=exibirImpressao&codAto=81116
  (Paraná consolidated its consumer laws in Lei 22.130/2024; whether it carried this
  article over was not confirmed.)

These laws protect consumers (relação de consumo, CDC art. 2º): the to-do says it for
every debtor of these states, a company too, since a company may be a consumer.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordingRule:
    state: str
    law: str  # number and article
    source: str  # where its text was read
    confirmed: bool  # the law's text was read; else only reported


_SP = "http://www.al.sp.gov.br/repositorio/legislacao/lei/2013/lei-14953-20.02.2013.html"
_RJ = "http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html"
_PR = (
    "https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do"
    "?action=exibirImpressao&codAto=81116"
)

RULES = {
    "SP": RecordingRule("SP", "Lei SP 14.953/2013, art. 3º, § 2º", _SP, confirmed=True),
    "RJ": RecordingRule(
        "RJ", "Lei RJ 6.854/2014, art. 3º, § 2º (redação da Lei 7.868/2018)", _RJ, confirmed=True
    ),
    "PR": RecordingRule(
        "PR", "Lei PR 17.352/2012, art. 2º-A, § 1º (incluído pela Lei 19.498/2018)", _PR, True
    ),
}

#: Business days within which the recording is given to the consumer who asks for it.
DELIVERY_BUSINESS_DAYS = 7


def rule_for(state):
    """The recording rule of a state code, or None."""
    return RULES.get((state or "").strip().upper())


__all__ = ["DELIVERY_BUSINESS_DAYS", "RULES", "RecordingRule", "rule_for"]
