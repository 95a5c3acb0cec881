from . import optout
from . import whatsapp
