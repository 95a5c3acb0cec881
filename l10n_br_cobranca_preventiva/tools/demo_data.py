"""The Brazilian demo company, its customers and their habits (plain data, no Odoo).

``models/cobranca_demo.py`` turns this into a company, customers, a year of paid
invoices and the open invoices the ladders work on. Every date is relative to the
day the demo is loaded: payments as days late, open invoices as business days from
that day. Documents (CNPJ, CPF) and mobiles are valid; names, addresses and e-mail
domains are made up (``example.com.br``).
"""

from collections import namedtuple

Company = namedtuple(
    "Company",
    "name vat street street2 zip city state phone email website ie privacy_officer privacy_contact",
)
Bank = namedtuple("Bank", "bank_name bic acc_number pix_type pix_key")
Customer = namedtuple(
    "Customer",
    "key name is_company vat street street2 zip city state mobile phone email "
    "amount delays product",
)
OpenInvoice = namedtuple("OpenInvoice", "customer due_in amount event")

COMPANY = Company(
    name="Distribuidora Exemplo Ltda",
    vat="11.222.333/0001-81",
    street="Rua Augusta, 1500",
    street2="Consolação",
    zip="01304-001",
    city="São Paulo",
    state="SP",
    phone="+55 11 3456-7800",
    email="financeiro@distribuidoraexemplo.example.com.br",
    website="https://distribuidoraexemplo.example.com.br",
    ie="110.042.490.114",
    privacy_officer="Ana Paula Ribeiro (encarregada de dados)",
    privacy_contact="privacidade@distribuidoraexemplo.example.com.br",
)

BANK = Bank(
    bank_name="Banco do Brasil S.A.",
    bic="BRASBRRJ",
    acc_number="Ag. 1234-5 C/C 98765-0",
    pix_type="br_cpf_cnpj",
    pix_key="11222333000181",
)

#: Days late of each paid invoice, the latest payment first (negative: paid early).
PUNCTUAL = (-3, 0, -1, 0, -5, 0, -2, 0, -1, -4, 0)
#: good payers: a few days late, until the addon's reminders (the two latest months)
GOOD = (0, 0, 5, 4, 1, 6, 3, 2, 4, 5, 3)
#: a good payer whose latest payment was much later than usual: early warning
GOOD_THEN_LATE = (21, 2, 4, 3, 5, 1, 3, 4, 2, 3, 5)
IRREGULAR = (12, 18, 9, 22, 15, 11, 23, 14, 8, 16, 20)
CHRONIC = (41, 35, 48, 44, 55, 38, 46, 60, 37, 42, 50)

#: Since the addon arrived, the punctual and the good payers pay on time: their
#: invoice due in the middle of last month (whatever the day the demo is loaded), days late.
SINCE_ADDON = {"mercado": -2, "farmacia": 0, "hotel": -1, "maria": 0, "baiana": 0}

CUSTOMERS = (
    # São Paulo
    Customer(
        "mercado", "Mercado Bom Preço Ltda", True, "44.232.322/0001-31",
        "Av. Paulista, 2073", "Bela Vista", "01311-940", "São Paulo", "SP",
        "+55 11 98765-4321", "+55 11 3284-1200", "compras@bompreco.example.com.br",
        4850.00, PUNCTUAL, "Fornecimento de mercearia",
    ),
    Customer(
        "ana", "Ana Beatriz Lima", False, "198.344.417-03",
        "Rua Barão de Jaguara, 945", "Centro", "13015-002", "Campinas", "SP",
        "+55 19 99654-3210", False, "ana.lima@example.com.br",
        689.90, GOOD_THEN_LATE, "Assinatura mensal de produtos",
    ),
    Customer(
        "tech", "Tech Soluções em Informática Ltda", True, "18.340.629/0001-46",
        "Rua Vergueiro, 3185", "Vila Mariana", "04101-300", "São Paulo", "SP",
        "+55 11 97777-2020", "+55 11 5087-4400", "financeiro@techsolucoes.example.com.br",
        3120.00, (), "Suprimentos de escritório",
    ),
    # Rio de Janeiro
    Customer(
        "jose", "José Carlos Oliveira", False, "476.614.355-86",
        "Rua Voluntários da Pátria, 190", "Botafogo", "22270-010", "Rio de Janeiro",
        "RJ", "+55 21 99876-5432", False, "jose.oliveira@example.com.br",
        1320.50, IRREGULAR, "Manutenção de equipamentos",
    ),
    Customer(
        "restaurante", "Restaurante Sabor Carioca Ltda", True, "04.214.762/0001-41",
        "Rua Dias Ferreira, 233", "Leblon", "22431-050", "Rio de Janeiro", "RJ",
        "+55 21 98144-6060", "+55 21 2274-3300", "contato@saborcarioca.example.com.br",
        2975.00, CHRONIC, "Fornecimento de hortifrúti",
    ),
    Customer(
        "farmacia", "Farmácia Vida Saudável Ltda", True, "45.378.965/0001-50",
        "Rua Gavião Peixoto, 124", "Icaraí", "24230-100", "Niterói", "RJ",
        "+55 21 98555-3030", "+55 21 2711-0900", "financeiro@vidasaudavel.example.com.br",
        6340.00, PUNCTUAL, "Produtos de higiene e perfumaria",
    ),
    # Minas Gerais
    Customer(
        "padaria", "Padaria Pão Quente Ltda ME", True, "65.159.478/0001-04",
        "Rua da Bahia, 1148", "Centro", "30160-011", "Belo Horizonte", "MG",
        "+55 31 99123-4567", "+55 31 3222-5566", "contato@paoquente.example.com.br",
        975.00, IRREGULAR, "Insumos de panificação",
    ),
    Customer(
        "maria", "Maria Aparecida Souza", False, "458.228.420-54",
        "Av. Rondon Pacheco, 4600", "Tibery", "38405-142", "Uberlândia", "MG",
        "+55 34 99202-1122", False, "maria.souza@example.com.br",
        1234.56, GOOD, "Consultoria financeira",
    ),
    Customer(
        "construtora", "Construtora Horizonte S.A.", True, "92.778.243/0001-73",
        "Av. do Contorno, 6594", "Savassi", "30110-044", "Belo Horizonte", "MG",
        "+55 31 98321-7788", "+55 31 3555-0100", "contas@horizonte.example.com.br",
        12900.00, (9, 2), "Material de construção",
    ),
    # Bahia
    Customer(
        "baiana", "Comercial Baiana de Alimentos Ltda", True, "28.545.749/0001-33",
        "Av. Tancredo Neves, 1632", "Caminho das Árvores", "41820-020", "Salvador",
        "BA", "+55 71 98888-1234", "+55 71 3341-2200", "financeiro@baiana.example.com.br",
        2210.00, GOOD, "Fornecimento de bebidas",
    ),
    Customer(
        "carlos", "Carlos Eduardo Santos", False, "119.501.436-86",
        "Rua Marechal Deodoro, 350", "Centro", "44001-032", "Feira de Santana", "BA",
        "+55 75 98123-4455", False, "carlos.santos@example.com.br",
        845.00, CHRONIC, "Serviços de entrega",
    ),
    Customer(
        "hotel", "Hotel Porto Seguro Ltda", True, "46.297.839/0001-34",
        "Av. 22 de Abril, 400", "Centro", "45810-000", "Porto Seguro", "BA",
        "+55 73 99988-7766", "+55 73 3288-1500", "reservas@hotelporto.example.com.br",
        5480.00, PUNCTUAL, "Enxoval e amenities",
    ),
    # Pernambuco
    Customer(
        "nordeste", "Comercial Nordeste Ltda", True, "33.521.676/0001-80",
        "Av. Conde da Boa Vista, 800", "Boa Vista", "50060-002", "Recife", "PE",
        "+55 81 99711-2233", "+55 81 3222-1100", "financeiro@comercialnordeste.example.com.br",
        4120.00, CHRONIC, "Fornecimento de mercadorias",
    ),
    Customer(
        "fernanda", "Fernanda Ribeiro Costa", False, "697.911.995-82",
        "Rua do Amparo, 88", "Amparo", "53020-190", "Olinda", "PE",
        "+55 81 98765-1010", False, "fernanda.costa@example.com.br",
        560.00, IRREGULAR, "Serviços de design",
    ),
    Customer(
        "clinica", "Clínica Boa Saúde Ltda", True, "06.032.774/0001-80",
        "Av. Boa Viagem, 3200", "Boa Viagem", "51020-001", "Recife", "PE",
        "+55 81 99345-1290", "+55 81 3465-7000", "administrativo@boasaude.example.com.br",
        7800.00, (4,), "Material hospitalar",
    ),
)  # fmt: skip

#: The open invoices, due this many business days from the day the demo is loaded
#: (negative: overdue), so that every step of the three ladders is around today.
#: ``event``: ``approve`` (its escalation was approved), ``promise`` (the customer
#: promised to pay), ``dispute`` (the customer contests it), ``paid`` (the customer
#: says it paid, with a proof), ``installment`` (the customer proposes installments).
OPEN_INVOICES = (
    # discreet ladder (punctual payers): D-3, D+5
    OpenInvoice("mercado", 3, 5120.00, None),
    OpenInvoice("mercado", 14, 4730.00, None),
    OpenInvoice("farmacia", -5, 6110.00, None),
    OpenInvoice("hotel", 8, 5630.00, None),
    # standard ladder (new and good payers): D-5, D-1, D0, D+3, D+7, D+15
    OpenInvoice("maria", 5, 1234.56, None),
    OpenInvoice("maria", -3, 1190.00, "paid"),
    OpenInvoice("baiana", 1, 2350.00, None),
    OpenInvoice("baiana", -5, 2180.00, None),
    OpenInvoice("tech", 0, 3120.00, None),
    OpenInvoice("tech", -7, 2890.00, None),
    OpenInvoice("construtora", -15, 13450.00, None),
    OpenInvoice("clinica", 20, 8150.00, None),
    # intensive ladder (irregular and chronic payers, early warnings): D-7, D-3,
    # D-1, D0, D+1, D+3, D+10
    OpenInvoice("ana", 7, 689.90, None),
    OpenInvoice("jose", -6, 1450.00, "promise"),
    OpenInvoice("padaria", -10, 1068.40, "installment"),
    OpenInvoice("fernanda", -2, 560.00, "dispute"),
    OpenInvoice("nordeste", -14, 4385.00, None),
    OpenInvoice("nordeste", 3, 3960.00, None),
    OpenInvoice("restaurante", -27, 3240.00, "approve"),
    OpenInvoice("restaurante", -1, 2815.00, None),
    OpenInvoice("carlos", 0, 845.00, None),
    OpenInvoice("carlos", 10, 910.00, None),
)
