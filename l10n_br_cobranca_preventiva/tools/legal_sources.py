"""Every legal rule the addon applies or cites, with its source (plain Python, no Odoo).

One row per rule: a stable key, what kind of rule it is, the law (number/year and
jurisdiction) and article, what it requires, where the addon applies it, the sources
read, its status and the words texts print (``citation``, or ``short`` in notes and
help texts). The code that applies or cites a rule names its key; texts print
``cite(key)``. Tests check that every key is used in the addon, that every citation of
a customer-facing text and of the addon's sources is a row's (``unknown_citations``),
and that docs/law.md's table is the one ``scripts/legal_table.py`` writes from here.

Status, one definition for every row:

- ``confirmed``: the full text of the provision the row is about (the whole article;
  for a row on a paragraph or an inciso, that paragraph or inciso and its caput) was
  read word for word in the official text or in a source that reproduces it verbatim
  (a legislature's or gazette's page, a legislation database, a court's page quoting
  it whole); that source comes first in ``sources``;
- ``reported``: anything less: a summary, a paraphrase, a translation, a copy with
  words missing, an article read only in part, a number without its text. ``note``
  says what was read. A reported state law is applied with its narrowest reported
  hours and never cited to the customer as law; a reported article of a federal law
  may still be named by its number where a notice must name it (the privacy notice).

Kinds: ``law`` (a Lei, a Decreto, a code), ``regulation`` (Conselho Monetário
Nacional), ``case law`` (a súmula), ``platform policy`` (Meta's rules for WhatsApp:
not laws, but a business that breaks them loses its number) and ``specification``
(the Pix BR Code).
"""

from dataclasses import dataclass

from .legal_citations import citations_in, unknown

CONFIRMED = "confirmed"
REPORTED = "reported"
KINDS = ("law", "regulation", "case law", "platform policy", "specification")

_CDC = "Lei 8.078/1990 (Código de Defesa do Consumidor, CDC)"
_LGPD = "Lei 13.709/2018 (Lei Geral de Proteção de Dados, LGPD)"
_FEDERAL = "federal"
_SP_14953 = "http://www.al.sp.gov.br/repositorio/legislacao/lei/2013/lei-14953-20.02.2013.html"
_RJ_6854 = "http://www.normasbrasil.com.br/norma/lei-6854-2014-rj_272050.html"
_PR_17352 = (
    "https://www.legislacao.pr.gov.br/legislacao/listarAtosAno.do"
    "?action=exibirImpressao&codAto=81116"
)
_PR_CONSOLIDATED = (
    "Paraná consolidated its consumer laws in Lei 22.130/2024; whether it carried this "
    "article over was not confirmed."
)
_CDC_TEXT = "https://fdocuments.in/amp/document/codigo-de-defesa-do-consumidor-56a9048f08c6a.html"
#: TJDFT's page reproducing CDC art. 42, 42-A and 71 as in the compiled official text
_TJDFT_COLLECTION = (
    "https://www.tjdft.jus.br/institucional/imprensa/campanhas-e-produtos/direito-facil/"
    "edicao-semanal/cobranca-abusiva"
)
#: LGPD art. 7º (caput and incisos I-X) as in the compiled official text
_LGPD_ART_7_TEXT = (
    "https://www.jusbrasil.com.br/topicos/200399417/"
    "artigo-7-da-lei-n-13709-de-14-de-agosto-de-2018/doutrina"
)
_LGPD_ART_7 = "https://migalhas.com.br/depeso/369184/bases-legais-para-a-protecao-de-dados--parte-i"
#: A commentary site whose copies of the LGPD drop words (e.g. "controlador",
#: "titular"): read, but not a verbatim reproduction.
_MSPA = "https://compliance.mspa.com.br/regulamentos/lgpd/artigo-%s"


@dataclass(frozen=True)
class Rule:
    key: str
    kind: str  # one of KINDS
    law: str  # number/year and name; for other kinds, who sets the rule
    jurisdiction: str  # "federal", a state (UF), or who sets a non-law rule
    article: str
    requires: str  # one line, English
    applied: str  # where the addon applies or cites it
    sources: tuple  # what was read
    status: str  # CONFIRMED or REPORTED
    citation: str  # as a text prints it: cite(key)
    short: str = ""  # in notes and help texts: cite(key, short=True); else citation
    note: str = ""


_ROWS = (
    # ------------------------------------------------------------ consumer protection
    Rule(
        "consumer_definition",
        "law",
        _CDC,
        _FEDERAL,
        "art. 2º",
        "A consumer is any person or company acquiring or using a product or service "
        "as its final user: the state laws below protect consumers.",
        "tools/late_charges.py is_consumer (a CPF, or not a company); the recorded-call "
        "note says so for every debtor of SP, RJ and PR",
        ("https://pt.scribd.com/document/680858661/50141-01", _CDC_TEXT),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 2º",
        "CDC art. 2º",
    ),
    Rule(
        "no_abusive_collection",
        "law",
        _CDC,
        _FEDERAL,
        "art. 42",
        "A collection never exposes the consumer to ridicule, constraint or threat: "
        "messages state facts only and reach no third party.",
        "the wording of every template and of the formal notice: facts only, no threat; "
        "messages go only to the customer's own contacts (res.partner._cobranca_contacts)",
        (
            _TJDFT_COLLECTION,
            "https://modeloinicial.com.br/lei/CDC/codigo-defesa-consumidor/art-42,par-p?amp",
            _CDC_TEXT,
        ),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 42",
        "CDC art. 42",
    ),
    Rule(
        "creditor_identified",
        "law",
        _CDC,
        _FEDERAL,
        "art. 42-A",
        "Every collection document shows the supplier's name, address and CPF or CNPJ.",
        "every email, text message, WhatsApp message and formal notice carries the creditor line "
        "(tools/wording.py); the dispatcher holds the messages of a company that lacks one "
        "(creditor_incomplete); a WhatsApp step must map or state the creditor",
        (
            _TJDFT_COLLECTION,
            "https://orlandosantosdasilva.blogspot.com/2013/03/cobranca-indevida-e-o-codigo-do.html",
            "https://www.cdlbh.com.br/noticia/cobranca-de-dividas-2/",
        ),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 42-A",
        "CDC art. 42-A",
        "Included by Lei 12.039/2009.",
    ),
    Rule(
        "bureau_written_notice",
        "law",
        _CDC,
        _FEDERAL,
        "art. 43, § 2º",
        "Opening a record of a consumer's data (a credit bureau's) is told to the consumer "
        "in writing when not asked for by them.",
        "cited by the formal notice (email and PDF) when a hand-off step follows: the "
        "notice does not replace the bureau's own",
        ("https://www.legjur.com/legislacao/art/lei_00080781990-43",),
        CONFIRMED,
        "Código de Defesa do Consumidor, Lei 8.078/1990, art. 43, § 2º",
        "CDC art. 43, § 2º",
    ),
    Rule(
        "bureau_notifies",
        "case law",
        "Súmula 359 (Superior Tribunal de Justiça, 2008)",
        _FEDERAL,
        "",
        "The body that keeps the credit-protection register notifies the debtor before "
        "the entry, not the creditor.",
        "cited by the formal notice next to CDC art. 43, § 2º",
        (
            "https://jurishand.com/sumula-stj-359-de-08-setembro-2008",
            "https://www.direitonet.com.br/noticias/exibir/10943/STJ-orgao-de-protecao-ao-credito-precisa-notificar-previamente-devedor",
        ),
        CONFIRMED,
        "Súmula 359 do STJ",
    ),
    Rule(
        "protest_intimation",
        "law",
        "Lei 9.492/1997 (protesto de títulos)",
        _FEDERAL,
        "art. 14",
        "Once a debt is filed for protest, the notary (tabelião de protesto) serves the "
        "debtor at the address given.",
        "cited by the formal notice when a protest hand-off follows: the notice comes "
        "from the creditor and does not replace the notary's",
        (
            "https://www.legjur.com/legislacao/nivel/lei_00094921997/capitulo-vi-da-intimacao",
            "https://jurishand.com/lei-9492-de-10-setembro-1997/artigo-14/paragrafo-2",
        ),
        CONFIRMED,
        "Lei 9.492/1997, art. 14",
    ),
    Rule(
        "collection_no_coercion",
        "law",
        _CDC,
        _FEDERAL,
        "art. 71",
        "A crime: collecting with threat, coercion, false statements, or anything that "
        "exposes the consumer to ridicule or interferes with their work, rest or leisure.",
        "the only federal rule on contact hours: tools/contact_hours.py narrows every "
        "message and call to the debtor's legal hours; the formal notice states facts",
        (
            _TJDFT_COLLECTION,
            "http://nayron.blogspot.com/2009/11/art-71-utilizar-na-cobranca-de-dividas.html",
            "https://ferreirapires.wordpress.com/2011/10/25/a-cobranca-de-dividas-do-consumidor/",
        ),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 71",
        "CDC art. 71",
    ),
    Rule(
        "credit_information",
        "law",
        _CDC,
        _FEDERAL,
        "art. 52",
        "A supplier giving a consumer credit tells them beforehand the price, the interest, "
        "the legal additions, the number and periodicity of the instalments and the total.",
        "an accepted installment plan is told with each installment (amount, date), its "
        "charges or none, and the total (tools/notice_text.py, the plan-accepted email)",
        (
            "https://gianetti.net/codigo-de-defesa-do-consumidor/30",
            "https://smartlex.net.br/legislacao/cdc/artigo/52",
            _CDC_TEXT,
        ),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 52",
        "CDC art. 52",
    ),
    Rule(
        "consumer_fine_ceiling",
        "law",
        _CDC,
        _FEDERAL,
        "art. 52, § 1º",
        "A late fine on a consumer's instalment is at most 2% of it.",
        "tools/late_charges.py CONSUMER_MAX_FINE_PERCENT: a consumer is never told a "
        "higher fine; the Late Fee setting warns",
        (
            "https://www.tjdft.jus.br/institucional/imprensa/campanhas-e-produtos/direito-facil/edicao-semanal/multa-por-atraso-em-pagamento-de-boletos-nao-pode-ser-maior-que-2-da-prestacao",
            "https://www.planalto.gov.br/ccivil_03/leis/l8078compilado.htm",
        ),
        CONFIRMED,
        "Código de Defesa do Consumidor (Lei 8.078/1990), art. 52, § 1º",
        "CDC art. 52, § 1º",
        "Caput and § 1º read as the TJDFT reproduces them (§ 1º in the wording of Lei 9.298/1996).",
    ),
    Rule(
        "consumer_interest_ceiling",
        "law",
        "Lei 10.406/2002 (Código Civil) and Lei 5.172/1966 (Código Tributário Nacional)",
        _FEDERAL,
        "CC art. 406; CTN art. 161, § 1º",
        "Default interest of 1% a month is the legal rate the module treats as the "
        "consumer ceiling.",
        "tools/late_charges.py CONSUMER_MAX_MONTHLY_INTEREST_PERCENT: a consumer is never "
        "told higher interest; the Late Interest setting warns",
        (
            "https://jus.com.br/artigos/63710",
            "https://www2.camara.leg.br/legin/fed/decret/1930-1939/decreto-22626-7-abril-1933-503405-publicacaooriginal-1-pe.html",
            "https://trenchrossi.com/alertas-legais/alteracoes-no-codigo-civil-correcao-da-inflacao-pelo-ipca-e-dos-juros-pela-selic",
        ),
        REPORTED,
        "Código Civil, art. 406, e CTN, art. 161, § 1º",
        "CC art. 406, CTN art. 161, § 1º",
        "1% a month is what secondary sources give as the legal rate; Decreto 22.626/1933 "
        "(Lei de Usura) art. 1º forbids contracting more than twice it (confirmed, Câmara's "
        "text); since Lei 14.905/2024 the rate of CC art. 406 is the Selic minus the IPCA "
        "(reported), a rate that moves every month: 1% is the fixed ceiling applied.",
    ),
    # --------------------------------------------------------------- banking calendar
    Rule(
        "payable_next_business_day",
        "law",
        "Lei 7.089/1983",
        _FEDERAL,
        "art. 1º",
        "Banks charge no default interest on a bill falling due on a Saturday, Sunday or "
        "holiday and paid on the next business day.",
        "tools/business_calendar.py: a due date on a non-business day is payable on the "
        "next one and not overdue before then, for every creditor (wider than the law's "
        "banks); wording, ranking and dashboard count from it",
        (
            "https://www2.camara.leg.br/legin/fed/lei/1980-1987/lei-7089-23-marco-1983-356734-publicacaooriginal-1-pl.html",
        ),
        CONFIRMED,
        "Lei 7.089/1983, art. 1º",
    ),
    Rule(
        "year_end_bank_closure",
        "regulation",
        "Resolução CMN 4.880/2020 (Conselho Monetário Nacional)",
        _FEDERAL,
        "",
        "Banks have no service for the public on the year's last weekday (31/12, or the "
        "Friday before when it falls on a weekend).",
        "tools/business_calendar.py YEAR_END_CLOSURE: not a business day",
        (
            "https://www.normaslegais.com.br/legislacao/resolucao-cmn-4880-2020.htm",
            "https://www.cotiaecia.com.br/2022/12/agencias-bancarias-nao-abrem-nesta.html",
            "https://www.jornaldocomercio.com/economia/2022/12/879092-bancos-fecham-nesta-sexta-feira-e-so-reabrem-em-2-de-janeiro-de-2023.html",
            "https://boainformacao.com.br/2023/12/bancos-devem-fechar-a-partir-desta-sexta-29-veja-cronograma/",
            "https://normasbrasil.com.br/norma/resolucao-2932-2002_97459.html",
        ),
        REPORTED,
        "Res. CMN 4.880/2020",
        note="Its text was read (art. 1º and art. 2º, § 1º, I-II: the banks' hours and "
        "business days); its rule on the year's last day only as the press reports it. "
        "It revoked Res. 2.932/2002, which FEBRABAN cited before (normasbrasil).",
    ),
    # --------------------------------------------------- contact hours (per state)
    Rule(
        "sp_contact_hours",
        "law",
        "Lei estadual 15.426/2014 (São Paulo)",
        "SP",
        "art. 2º",
        "Collection calls Mon–Fri 08:00–20:00 and Sat 08:00–14:00, never on Sundays or holidays.",
        "tools/contact_hours.py: SP's hours, and the default of every state without a law; "
        "the company's default sending window (tools/sending_window.py); call notes",
        (
            "the law as published in the DOE of 23/05/2014 (a stored copy of its four "
            "articles, read whole; its address was not given)",
            "http://sao-paulo.estadao.com.br/blogs/seus-direitos/projeto-de-lei-proibe-ligacoes-de-cobranca-em-horarios-improprios/",
        ),
        CONFIRMED,
        "Lei SP 15.426/2014, art. 2º",
        note="A secondary source says it was consolidated, with the same words, into Lei "
        "17.832/2023, art. 51 (not confirmed in the official text; the hours do not change).",
    ),
    Rule(
        "rj_contact_hours",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro), in the wording of Lei 7.868/2018",
        "RJ",
        "art. 3º, § 4º",
        "Collection calls only on business days, 09:00–19:00.",
        "tools/contact_hours.py: RJ's hours; call notes",
        (
            _RJ_6854,
            "https://www.proteste.org.br/seus-direitos/direito-do-consumidor/noticia/cobranca-vexatoria-o-que-fazer",
        ),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 3º, § 4º (redação da Lei 7.868/2018)",
    ),
    Rule(
        "es_contact_hours",
        "law",
        "Lei estadual 10.626/2017 (Espírito Santo)",
        "ES",
        "",
        "Collection calls on business days 08:00–19:00, never on Saturdays.",
        "tools/contact_hours.py: ES's hours (narrowest reported); call notes say "
        "'reported, text not confirmed'",
        ("https://efic.com.br/?p=368",),
        REPORTED,
        "Lei ES 10.626/2017",
        note="A collection company's table of the state laws; no official text read.",
    ),
    Rule(
        "am_contact_hours",
        "law",
        "a state law of Amazonas, number not confirmed",
        "AM",
        "",
        "Collection calls on weekdays 08:00–18:00, never on Saturdays (the narrower of "
        "two reports).",
        "tools/contact_hours.py: AM's hours (narrowest reported); call notes say "
        "'reported, text not confirmed'",
        (
            "https://amnews.com.br/nova-lei-proibe-cobrancas-por-telefone-fora-do-horario-comercial",
            "https://efic.com.br/?p=368",
        ),
        REPORTED,
        "Lei estadual do AM, nº não confirmado",
        note="amnews reports the Assembly's vote (weekdays 08–18, Saturdays 08–14); the "
        'efic table says until 19:00, never Saturdays, and the number "306/16", which is '
        "not a state law's number.",
    ),
    Rule(
        "al_contact_hours",
        "law",
        "Lei estadual 7.782/2016 (Alagoas)",
        "AL",
        "",
        "Collection calls and text messages on weekdays 08:00–20:00 and Saturdays "
        "08:00–14:00, never on Sundays or holidays (São Paulo's hours).",
        "tools/contact_hours.py: AL's hours; call notes say 'reported, text not confirmed'",
        (
            "https://7segundos.com.br/arapiraca/noticias/2018/04/16/92926-cobrancas-via-telefone-e-sms-sao-orientadas-pelo-procon-arapiraca",
        ),
        REPORTED,
        "Lei AL 7.782/2016",
        note="Reported by Procon Arapiraca; text not confirmed.",
    ),
    # ------------------------------------------- itemised charges (per state)
    Rule(
        "sp_itemised_charges",
        "law",
        "Lei estadual 14.953/2013 (São Paulo)",
        "SP",
        "art. 2º",
        "The amount shown to a consumer names the original value and each addition "
        "(interest, fine…) and their total, printed, electronic or spoken.",
        "tools/late_charges.py and tools/wording.py itemised_charges: every consumer's "
        "overdue invoice, whatever the state, in messages and call notes",
        (_SP_14953,),
        CONFIRMED,
        "Lei SP 14.953/2013, art. 2º",
    ),
    Rule(
        "rj_itemised_charges",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro)",
        "RJ",
        "art. 2º",
        "The same as São Paulo's: each part of the amount named (impressa, eletrônica ou falada).",
        "tools/late_charges.py: as sp_itemised_charges",
        (_RJ_6854,),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 2º",
    ),
    Rule(
        "pr_itemised_charges",
        "law",
        "Lei estadual 17.352/2012 (Paraná)",
        "PR",
        "art. 2º",
        "The same as São Paulo's.",
        "tools/late_charges.py: as sp_itemised_charges",
        (_PR_17352,),
        CONFIRMED,
        "Lei PR 17.352/2012, art. 2º",
        note=_PR_CONSOLIDATED,
    ),
    # -------------------------------------------- recorded calls (per state)
    Rule(
        "sp_call_recording",
        "law",
        "Lei estadual 14.953/2013 (São Paulo)",
        "SP",
        "art. 3º, § 2º",
        "Collection calls are recorded (date, time) and given to the consumer on request "
        "within 7 business days; the consumer is told so in every collection contact.",
        "tools/call_recording.py: the call to-do of a debtor in SP says to record and tell",
        (_SP_14953,),
        CONFIRMED,
        "Lei SP 14.953/2013, art. 3º, § 2º",
    ),
    Rule(
        "rj_call_recording",
        "law",
        "Lei estadual 6.854/2014 (Rio de Janeiro), in the wording of Lei 7.868/2018",
        "RJ",
        "art. 3º, § 2º",
        "The same duties as São Paulo's; the recording also identifies the attendant.",
        "tools/call_recording.py: the call to-do of a debtor in RJ",
        (_RJ_6854, "https://www.contabeis.com.br/legislacao/67189/lei-rj-6854-2014"),
        CONFIRMED,
        "Lei RJ 6.854/2014, art. 3º, § 2º (redação da Lei 7.868/2018)",
    ),
    Rule(
        "pr_call_recording",
        "law",
        "Lei estadual 17.352/2012 (Paraná), article included by Lei 19.498/2018",
        "PR",
        "art. 2º-A, § 1º",
        "The same duties when a collection company or the collection department of a "
        "medium or large company collects.",
        "tools/call_recording.py: the call to-do of a debtor in PR",
        (_PR_17352,),
        CONFIRMED,
        "Lei PR 17.352/2012, art. 2º-A, § 1º (incluído pela Lei 19.498/2018)",
        note=_PR_CONSOLIDATED,
    ),
    # -------------------------------------------------------------------------- LGPD
    Rule(
        "lgpd_basis_consent",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 7º, I",
        "Personal data may be processed with the data subject's consent.",
        "cobranca.consent legal bases; channels whose policy is opt-in (WhatsApp and text "
        "messages by default) need a recorded consent; the privacy notice says so",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, I",
    ),
    Rule(
        "lgpd_basis_contract",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 7º, V",
        "… when needed to perform a contract the data subject is party to.",
        "the basis of a message to the debtor without a recorded consent "
        "(cobranca.consent._implicit_basis); the privacy notice",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, V",
    ),
    Rule(
        "lgpd_basis_legal_claims",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 7º, VI",
        "… for the regular exercise of rights in judicial, administrative or arbitral proceedings.",
        "why the retention (cobranca.retention) keeps what reminders said and what the "
        "customer answered, and consent evidence, for the company's retention years; "
        "the privacy notice",
        (_LGPD_ART_7_TEXT, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, VI",
    ),
    Rule(
        "lgpd_basis_legitimate_interest",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 7º, IX",
        "… when needed for the controller's legitimate interests, unless the data "
        "subject's fundamental rights prevail.",
        "the basis of a message to a contact person who is not party to the contract; "
        "the privacy notice",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, IX",
    ),
    Rule(
        "lgpd_basis_credit_protection",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 7º, X",
        "… for the protection of credit.",
        "a legal basis a consent event may record; never the default basis (a contact "
        "person's own credit is not at stake)",
        (_LGPD_ART_7_TEXT, _LGPD_ART_7, _MSPA % 7),
        CONFIRMED,
        "LGPD art. 7º, X",
    ),
    Rule(
        "lgpd_processing_information",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 9º",
        "The data subject has clear access to the purpose, form and duration of the "
        "processing, the controller, the sharing and their rights.",
        "the privacy notice (cobranca.privacy.notice: public page and data-subject "
        "export): purpose, data, basis, recipients, transfers, retention, rights, ranking",
        (_MSPA % 9, "https://lgpd.akarion.app/en/article/9.7"),
        REPORTED,
        "LGPD art. 9º",
        note="Read only in a copy that drops words (mspa) and in an English translation.",
    ),
    Rule(
        "lgpd_legitimate_interest_limits",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 10, §§ 1º-2º",
        "On legitimate interest, only the data strictly needed, and the processing made "
        "transparent.",
        "cobranca.consent._implicit_basis: legitimate interest only for a contact person "
        "not party to the contract; the data-subject export states the basis",
        ("https://datamailing.com.br/?p=1006", _MSPA % 10),
        CONFIRMED,
        "LGPD art. 10",
    ),
    Rule(
        "lgpd_behavioural_profile",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 12, § 2º",
        "Data used to build the behavioural profile of an identified person are personal data.",
        "the learned send hour (the insight addon) is a profile: learned only from the "
        "look-back period, forgotten when no event is left, exported and erased with the "
        "customer's data (cobranca.privacy); the privacy notice",
        (
            "https://modeloinicial.com.br/lei/LGPD/lei-geral-protecao-dados-pessoais/art-12",
            _MSPA % 12,
        ),
        CONFIRMED,
        "LGPD art. 12, § 2º",
    ),
    Rule(
        "lgpd_retention_legal_obligation",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 16, I",
        "Personal data may be kept after the processing ends to comply with a legal or "
        "regulatory obligation of the controller.",
        "invoices and payments are never erased by the addon (anonymisation and "
        "retention keep them); the privacy notice",
        (
            "https://scon.stj.jus.br/SGI/jsps/noticias_internas/noticia_detalhe.jsp"
            "?seq_noticia=33431",
            _MSPA % 16,
        ),
        CONFIRMED,
        "LGPD art. 16, I",
    ),
    Rule(
        "lgpd_subject_rights",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 18",
        "The data subject obtains on request confirmation, access, correction, "
        "anonymisation or deletion, portability, and revokes consent.",
        "the data-subject export (approvers) and the anonymisation on request "
        "(cobranca.data.subject, cobranca.privacy); the opt-out page revokes; the "
        "privacy notice lists the rights",
        (
            "https://privacyhub.com.br/lgpd?article=155",
            "https://www.jusbrasil.com.br/topicos/200399036/"
            "artigo-18-da-lei-n-13709-de-14-de-agosto-de-2018",
            "https://trilhante.com.br/trilha/formacao-complementar/curso/lgpd/aula/direito-dos-titulares-2",
        ),
        REPORTED,
        "LGPD art. 18",
        note="Caput, incisos I-IX and §§ 1º-4º read word for word (privacyhub, jusbrasil); "
        "§§ 5º-8º (how requests are answered) were cut off in the copies read.",
    ),
    Rule(
        "lgpd_automated_decision_review",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 20",
        "The data subject may ask for a review of decisions taken solely by automated "
        "processing (credit profiles included) and for their criteria (§ 1º).",
        "the payer ranking's criteria in the privacy notice; on the customer's request a "
        "person of the company can pin the class (res.partner cobranca_class_manual), "
        "which replaces the computed one and is not made stricter by the early warning: "
        "that, and no more, is what the texts offer",
        (
            "https://baptistaluz.com.br/privacyhub/artigo-20o-direito-de-revisao-de-decisoes-baseadas-em-tratamentos-automatizados-de-dados-pessoais",
            "https://vademecumprevidenciario.com.br/legislacao/art/lei_00137092018-20",
        ),
        CONFIRMED,
        "LGPD art. 20",
        note="No review by a person is required: the original caput's \"revisão, por pessoa "
        'natural" was replaced by Lei 13.853/2019, and its § 3º (review by a natural '
        "person) was vetoed. The texts do not promise a review by a person.",
    ),
    Rule(
        "lgpd_international_transfer",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 33, IX",
        "Personal data may be transferred abroad when needed for the cases of art. 7º, "
        "II, V and VI (a contract with the data subject among them).",
        "the privacy notice names the services that may be abroad (Meta for WhatsApp, "
        "Odoo S.A. for text messages) and this basis for the debtor",
        (_MSPA % 33, "https://www.privacy.ind.in/lgpd/chapter_5.htm"),
        REPORTED,
        "LGPD art. 33, IX",
        note="Read only in a copy that drops words (mspa) and in an English translation.",
    ),
    Rule(
        "lgpd_data_protection_officer",
        "law",
        _LGPD,
        _FEDERAL,
        "art. 41",
        "The controller names a data protection officer (encarregado) and publishes their "
        "identity and contact, preferably on its website (§ 1º).",
        "res.company cobranca_privacy_officer and cobranca_privacy_contact, shown on the "
        "public privacy notice; the settings warn while they are missing",
        (
            "https://www.ferraresicavalcante.com.br/post/lgpd-e-a-figura-do-encarregado",
            "https://lgpd-brazil.info/chapter_06/article_41",
            "https://cardosoadv.com.br/o-encarregado-pelo-tratamento-de-dados-pessoais",
        ),
        REPORTED,
        "LGPD art. 41",
        note="Caput, § 1º and § 2º read word for word as a law firm quotes them; §§ 3º-4º "
        "only in an English translation.",
    ),
    # ------------------------------------------------------------------ civil law
    Rule(
        "debt_claim_prescription",
        "law",
        "Lei 10.406/2002 (Código Civil)",
        _FEDERAL,
        "art. 206, § 5º, I",
        "A claim for a liquid debt stated in a public or private instrument prescribes in "
        "five years.",
        "the default retention of collection data (5 years, res.company "
        "cobranca_retention_years, cobranca.retention) and the privacy notice",
        (
            "https://cadernodeprova.com.br/dividas-instrumento-publico-ou-particular/?noamp=mobile",
            "https://legjur.com/legislacao/art/lei_00104062002-206",
            "https://meusitejuridico.editorajuspodivm.com.br/?p=12834",
        ),
        CONFIRMED,
        "Código Civil, art. 206, § 5º, I",
    ),
    # ------------------------------------------------------------ platform and specs
    Rule(
        "whatsapp_opt_in",
        "platform policy",
        "WhatsApp Business Messaging Policy",
        "Meta",
        "",
        "A business messages a person on WhatsApp only after they opted in to its messages.",
        "res.company cobranca_consent_whatsapp defaults to opt-in (a recorded consent); the "
        "settings warn when it is changed",
        (
            "https://docs.360dialog.com/docs/messaging/overview/opt-in.md",
            "https://docs.ycloud.com/en/documentation/whatsapp-business-platform/consent-policies-and-account-health/customer-opt-in.md",
        ),
        REPORTED,
        "Política de mensagens do WhatsApp Business",
        note="Read in the documentation of Meta's business solution providers "
        "(360dialog, YCloud), not in Meta's own policy page.",
    ),
    Rule(
        "whatsapp_service_window",
        "platform policy",
        "WhatsApp Cloud API: customer service window",
        "Meta",
        "",
        "Free-form messages only within 24 hours of the customer's last message; "
        "templates otherwise.",
        "cobranca.whatsapp.message: a collector's text goes on WhatsApp only inside the window",
        (
            "https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/customer-service-window",
            "https://posthog.com/docs/data-pipelines/destinations/whatsapp",
        ),
        REPORTED,
        "janela de atendimento de 24 horas do WhatsApp",
        note="Read in Bird's and PostHog's documentation of the Cloud API, not in Meta's.",
    ),
    Rule(
        "whatsapp_utility_templates",
        "platform policy",
        "WhatsApp template categories",
        "Meta",
        "",
        "UTILITY templates are about a transaction the customer already has (billing, "
        "payment); promotional wording makes a template MARKETING.",
        "a WhatsApp step takes only a UTILITY template (cobranca.whatsapp.template); a "
        "template Meta re-categorises stops being sent; wording is neutral",
        (
            "https://help.aliyun.com/en/chatapp/use-cases/whatsapp-message-templates",
            "https://docs.360dialog.com/docs/resources/utility-messages.md",
        ),
        REPORTED,
        "categoria UTILITY dos modelos do WhatsApp",
        note="Read in Alibaba Cloud's and 360dialog's documentation, not in Meta's.",
    ),
    Rule(
        "pix_br_code_fields",
        "specification",
        "Manual de Padrões para Iniciação do Pix (BR Code, EMV QRCPS-MPM)",
        "Banco Central do Brasil",
        "",
        "A static BR Code's merchant name has at most 25 characters, its city 15, its "
        "transaction id 25 letters and digits (*** for none).",
        "tools/pix.py: the fields Odoo's l10n_br puts in the code, in printable ASCII",
        (
            "https://github.com/ogilvieira/pixbrasil",
            "https://gist.github.com/matheusb-comp/1efa205b3c0ffd7af1e8ce63a10e02dc",
        ),
        REPORTED,
        "BR Code do Pix",
        note="Lengths as the libraries implementing the manual give them (pixbrasil, "
        "pix-utils createStaticPix); the manual itself was not read.",
    ),
)

#: key -> Rule, in the order of docs/law.md's table.
RULES = {row.key: row for row in _ROWS}


def cite(key, short=False):
    """The words a text prints for rule ``key``: 'Lei 9.492/1997, art. 14'."""
    row = RULES[key]
    return (row.short or row.citation) if short else row.citation


def source_url(key):
    """The first web address among the sources of rule ``key``."""
    return next(source for source in RULES[key].sources if source.startswith("http"))


def known_citations():
    """Every citation the rows print (their ``citation`` and ``short``)."""
    return [
        citation
        for row in RULES.values()
        for text in {row.citation, row.short} - {""}
        for citation in citations_in(text)
        if citation.law
    ]


_KNOWN = known_citations()


def unknown_citations(text):
    """The legal citations of ``text`` that no row holds: a text must cite nothing else."""
    return unknown(text, _KNOWN)


__all__ = [
    "CONFIRMED",
    "KINDS",
    "REPORTED",
    "RULES",
    "Rule",
    "cite",
    "known_citations",
    "source_url",
    "unknown_citations",
]
