"""The consumer-protection rows of the legal table (``legal_sources``): the
Código de Defesa do Consumidor and the rules of collecting from a consumer."""

from .legal_rule import CONFIRMED, FEDERAL, REPORTED, Rule

_CDC = "Lei 8.078/1990 (Código de Defesa do Consumidor, CDC)"
_CDC_TEXT = "https://fdocuments.in/amp/document/codigo-de-defesa-do-consumidor-56a9048f08c6a.html"
#: TJDFT's page reproducing CDC art. 42, 42-A and 71 as in the compiled official text
_TJDFT_COLLECTION = (
    "https://www.tjdft.jus.br/institucional/imprensa/campanhas-e-produtos/direito-facil/"
    "edicao-semanal/cobranca-abusiva"
)

ROWS = (
    # ------------------------------------------------------------ consumer protection
    Rule(
        "consumer_definition",
        "law",
        _CDC,
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
        FEDERAL,
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
)
