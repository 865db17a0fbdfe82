from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The main navigation, by URL name. A section appears once its app provides the page.
MAIN_NAV = [
    ("home", _("Forside")),
    ("catalogue:product-list", _("Produkter")),
    ("catalogue:initiative-list", _("Initiativer")),
    ("members:organisation-list", _("Medlemmer")),
    ("catalogue:supplier-list", _("Leverandører")),
    ("governance:index", _("Governance")),
    ("about", _("Om")),
]
FOOTER_NAV = [
    ("about", _("Om portalen")),
    ("accessibility", _("Tilgængelighedserklæring")),
]


def _links(request, entries):
    links = []
    for name, label in entries:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url or (url != reverse("home") and request.path.startswith(url))
        links.append({"url": url, "label": label, "current": current})
    return links


def portal(request):
    """Site-wide template context: navigation, the search box and the language switch."""
    current_language = get_language()
    path = request.get_full_path()
    try:
        search_url = reverse("catalogue:search")
    except NoReverseMatch:
        search_url = reverse("home")
    return {
        "site_name": settings.SITE_NAME,
        "main_nav": _links(request, MAIN_NAV),
        "footer_nav": _links(request, FOOTER_NAV),
        "search_url": search_url,
        "search_query": request.GET.get("q", "") if request.method == "GET" else "",
        "other_languages": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
            if code != current_language
        ],
    }
