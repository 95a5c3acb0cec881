from . import lgpd
from . import optout
from . import whatsapp
