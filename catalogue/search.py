"""The stored Danish full-text document of each product.

The document joins the product's own text with the names of its categories and
suppliers and the systems it replaces, weighted so that the name counts most. It spans
several tables, so it is kept by this service rather than by a generated column: call
``product_refresh_search`` after any write that changes one of those texts.
"""

from django.db import connection

from catalogue.models import Product

SEARCH_CONFIG = "danish"

_REFRESH_SQL = f"""
UPDATE catalogue_product AS p SET search_vector =
    setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.name, '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.tagline, '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}',
           array_to_string(p.alternative_to, ' ')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
           SELECT string_agg(c.name, ' ')
           FROM catalogue_category c
           JOIN catalogue_product_categories pc ON pc.category_id = c.id
           WHERE pc.product_id = p.id), '')), 'C')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
           SELECT string_agg(DISTINCT s.name, ' ')
           FROM catalogue_supplier s
           JOIN catalogue_supplierrole r ON r.supplier_id = s.id
           WHERE r.product_id = p.id), '')), 'C')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.description, '')), 'D')
"""


def product_refresh_search(*, product_ids=None) -> None:
    """Rebuild the search document of the given products (all products when None)."""
    with connection.cursor() as cursor:
        if product_ids is None:
            cursor.execute(_REFRESH_SQL)
        else:
            ids = list(product_ids)
            if ids:
                cursor.execute(_REFRESH_SQL + " WHERE p.id = ANY(%s)", [ids])


def products_refresh_search_for_supplier(*, supplier_id: int) -> None:
    product_ids = Product.objects.filter(supplier_roles__supplier_id=supplier_id).values_list(
        "pk", flat=True
    )
    product_refresh_search(product_ids=product_ids)


def products_refresh_search_for_category(*, category_id: int) -> None:
    product_ids = Product.objects.filter(categories__pk=category_id).values_list("pk", flat=True)
    product_refresh_search(product_ids=product_ids)
