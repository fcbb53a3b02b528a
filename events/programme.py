"""The transnational programme on its 24-month timeline (being written)."""


def programme(request, locale):
    return []
