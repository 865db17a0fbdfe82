"""Apply publiccode.yml documents to the catalogue: all of them, or none.

The management command ``import_publiccode`` and the admin's upload both call
``publiccode_import``. A document matches the product whose repository URL is its
``url``; without a match a product is created.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalogue.models import Category, Product, Supplier, SupplierRole, Usage
from catalogue.publiccode import (
    MAINTAINING_ROLES,
    Problem,
    PubliccodeError,
    PubliccodeProduct,
    parse_publiccode,
)
from catalogue.search import product_refresh_search
from members.models import Organisation

# Where a product field comes from in the document, to point at it in a problem.
_FIELD_KEYS = {
    "name": "name",
    "tagline": "description",
    "tagline_en": "description",
    "description": "description",
    "licence": "legal",
    "repository_url": "url",
    "website_url": "landingURL",
    "documentation_url": "description",
    "platforms": "platforms",
    "available_languages": "localisation",
    "features": "description",
    "coordinator_name": "maintenance",
    "coordinator_email": "maintenance",
}


@dataclass
class Document:
    source: str
    text: str


@dataclass
class ImportResult:
    source: str
    product: Product
    created: bool
    notes: list[str] = field(default_factory=list)


def publiccode_import(*, documents: list[Document]) -> list[ImportResult]:
    """Create or update a product per document; on any problem change nothing.

    Raises PubliccodeError with the problems of every document.
    """
    parsed, problems = [], []
    for document in documents:
        try:
            parsed.append(
                (document.source, parse_publiccode(document.text, source=document.source))
            )
        except PubliccodeError as error:
            problems.extend(error.problems)
    if problems:
        raise PubliccodeError(problems)
    return _apply_all(parsed)


@transaction.atomic
def _apply_all(parsed: list[tuple[str, PubliccodeProduct]]) -> list[ImportResult]:
    results = [_apply(source, data) for source, data in parsed]
    product_refresh_search(product_ids=[result.product.pk for result in results])
    return results


def _apply(source: str, data: PubliccodeProduct) -> ImportResult:
    product = Product.objects.filter(repository_url=data.url).order_by("pk").first()
    created = product is None
    if created:
        product = Product(repository_url=data.url, slug=_free_slug(Product, data.name))
    notes = []
    product.name = data.name
    product.stage = data.stage
    product.software_type = data.software_type
    product.platforms = data.platforms
    product.tagline = data.tagline
    product.tagline_en = data.tagline_en
    product.description = data.description
    product.description_en = data.description_en
    product.features = data.features
    product.licence = data.licence
    product.available_languages = data.available_languages
    if data.landing_url:
        product.website_url = data.landing_url
    if data.documentation_url:
        product.documentation_url = data.documentation_url
    if data.contacts and not data.contractors:
        contact = data.contacts[0]
        product.coordinator_name = contact.name
        if contact.email:
            # Published in the product's own public file, so public on the portal too.
            product.coordinator_email = contact.email
            product.coordinator_public = True
    try:
        product.full_clean()
    except ValidationError as error:
        raise PubliccodeError(
            [
                Problem(None, f"{_FIELD_KEYS.get(name, name)}: {message}", source)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        ) from error
    product.save()

    categories = list(Category.objects.filter(publiccode_category__in=data.categories))
    known = {category.publiccode_category for category in categories}
    product.categories.set(categories)
    notes += [
        _("Kategorien %(category)s findes ikke i portalen og er sprunget over.")
        % {"category": name}
        for name in data.categories
        if name not in known
    ]
    for contractor in data.contractors:
        _apply_contractor(product, contractor)
    notes += _apply_used_by(product, data.used_by)
    return ImportResult(source=source, product=product, created=created, notes=notes)


def _apply_contractor(product: Product, contractor) -> None:
    supplier = Supplier.objects.filter(name__iexact=contractor.name).order_by("pk").first()
    if supplier is None:
        supplier = Supplier(
            name=contractor.name,
            slug=_free_slug(Supplier, contractor.name),
            website=contractor.website,
        )
        supplier.full_clean()
        supplier.save()
    roles = list(
        SupplierRole.objects.filter(product=product, supplier=supplier, role__in=MAINTAINING_ROLES)
    )
    if not roles:
        SupplierRole.objects.create(
            product=product,
            supplier=supplier,
            role=SupplierRole.Role.SUPPORT,
            contract_until=contractor.until,
        )
        return
    # The document gives one end per supplier: the latest of its maintaining roles.
    latest = max(roles, key=lambda role: (role.contract_until is not None, role.contract_until))
    if latest.contract_until != contractor.until:
        latest.contract_until = contractor.until
        latest.save(update_fields=["contract_until"])


def _apply_used_by(product: Product, names: list[str]) -> list[str]:
    """Usages for the named organisations the portal knows; the rest are reported."""
    organisations = {
        organisation.name.casefold(): organisation
        for organisation in Organisation.objects.filter(name__in=names)
    }
    already = set(product.usages.values_list("organisation_id", flat=True))
    notes = []
    for name in names:
        organisation = organisations.get(name.casefold())
        if organisation is None:
            notes.append(
                _("Anvenderen %(name)s findes ikke i portalen og er sprunget over.")
                % {"name": name}
            )
        elif organisation.pk not in already:
            Usage.objects.create(
                product=product,
                organisation=organisation,
                status=Usage.Status.IN_USE,
                source=Usage.Source.SECRETARIAT,
            )
            already.add(organisation.pk)
    return notes


def _free_slug(model, name: str) -> str:
    base = slugify(name)[:90] or "produkt"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
