"""factory_boy factories: one per model."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from catalogue import models as catalogue
from governance import models as governance
from members import models as members


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"bruger{n}@example.dk")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Bruger {n}")
    password = factory.django.Password("hemmeligt-kodeord-123")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Region
        django_get_or_create = ["code"]

    code = factory.Iterator([1081, 1082, 1083, 1084, 1085])
    name = factory.LazyAttribute(
        lambda o: {
            1081: "Region Nordjylland",
            1082: "Region Midtjylland",
            1083: "Region Syddanmark",
            1084: "Region Hovedstaden",
            1085: "Region Sjælland",
        }[o.code]
    )
    slug = factory.LazyAttribute(lambda o: f"region-{o.code}")


class SizeTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.SizeTier
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Trin {o.number}")
    max_population = None


def create_standard_size_tiers():
    """The general assembly's four tiers: under 25,000; to 60,000; to 120,000; over."""
    bounds = [(1, "Under 25.000", 24_999), (2, "25.000–60.000", 60_000)]
    bounds += [(3, "60.000–120.000", 120_000), (4, "Over 120.000", None)]
    return [
        SizeTierFactory(number=number, name=name, max_population=max_population)
        for number, name, max_population in bounds
    ]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Organisation

    name = factory.Sequence(lambda n: f"Testrup Kommune {n}")
    slug = factory.Sequence(lambda n: f"testrup-kommune-{n}")
    kind = members.Organisation.Kind.MUNICIPALITY
    municipality_code = factory.Sequence(lambda n: 100 + (n % 900))
    region = factory.SubFactory(RegionFactory)
    population = 40_000
    population_year = 2020
    member_since = datetime.date(2015, 1, 1)
    member_until = None


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.EmailDomain

    organisation = factory.SubFactory(OrganisationFactory)
    domain = factory.Sequence(lambda n: f"testrup{n}.dk")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = members.Affiliation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = members.Affiliation.Status.APPROVED
    method = members.Affiliation.Method.EMAIL_DOMAIN
    decided_at = factory.LazyFunction(timezone.now)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Category

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Supplier

    name = factory.Sequence(lambda n: f"Leverandør {n} ApS")
    slug = factory.Sequence(lambda n: f"leverandoer-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"OS2test{n}")
    slug = factory.Sequence(lambda n: f"os2test{n}")
    tagline = "En testløsning til kommunerne."
    stage = catalogue.Product.Stage.PRODUCT
    licence = "MPL-2.0"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class SupplierRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.SupplierRole

    product = factory.SubFactory(ProductFactory)
    supplier = factory.SubFactory(SupplierFactory)
    role = catalogue.SupplierRole.Role.DEVELOPMENT


class UsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Usage

    organisation = factory.SubFactory(OrganisationFactory)
    product = factory.SubFactory(ProductFactory)
    status = catalogue.Usage.Status.IN_USE
    since = datetime.date(2022, 1, 1)
    last_confirmed_at = factory.LazyFunction(timezone.now)


class FeePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.FeePolicy
        django_get_or_create = ["valid_from_year"]

    valid_from_year = 2020
    member_surcharge_percent = 9
    non_member_surcharge_percent = 35


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Fee

    product = factory.SubFactory(ProductFactory)
    year = 2026
    size_tier = factory.SubFactory(SizeTierFactory)
    base_annual_fee = 22_000
    joining_fee = 0


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Initiative

    title = factory.Sequence(lambda n: f"Initiativ {n}")
    slug = factory.Sequence(lambda n: f"initiativ-{n}")
    kind = catalogue.Initiative.Kind.PROJECT
    budget_target = 1_000_000
    min_participants = 5
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = catalogue.Initiative.Status.OPEN


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = catalogue.Interest

    organisation = factory.SubFactory(OrganisationFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    role = catalogue.Interest.Role.CO_FUNDER
    pledge = 100_000
    registered_by = factory.SubFactory(UserFactory)


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = governance.Level
        django_get_or_create = ["rank"]

    rank = 1
    name = factory.LazyAttribute(lambda o: "Sandkasse" if o.rank == 0 else f"Niveau {o.rank}")
    slug = factory.LazyAttribute(lambda o: "sandkasse" if o.rank == 0 else f"niveau-{o.rank}")


def create_levels():
    return [LevelFactory(rank=rank) for rank in range(4)]


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = governance.Requirement

    code = factory.Sequence(lambda n: f"F{n % 100}")
    theme = governance.Requirement.Theme.FORM
    level = factory.SubFactory(LevelFactory)
    text = "Koden ligger i et offentligt repository med historik."


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = governance.Assessment

    product = factory.SubFactory(ProductFactory)
    assessed_on = datetime.date(2025, 6, 1)
    level = factory.SubFactory(LevelFactory)


class AssessmentItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = governance.AssessmentItem

    assessment = factory.SubFactory(AssessmentFactory)
    requirement = factory.SubFactory(RequirementFactory)
    status = governance.AssessmentItem.Status.GREEN


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = governance.WorkingGroup

    product = factory.SubFactory(ProductFactory)
    kind = governance.WorkingGroup.Kind.STEERING
    mandate = "Styregruppen har budgettet og prioriterer udviklingen."


class SecretariatUserFactory(UserFactory):
    """A staff user in the "Sekretariat" group that a data migration creates."""

    is_staff = True

    @factory.post_generation
    def secretariat_group(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        if create:
            self.groups.add(Group.objects.get(name="Sekretariat"))


class StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "os2portal.StoredFile"

    name = factory.Sequence(lambda n: f"logos/logo{n}.png")
    content = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
    content_type = "image/png"
    size = factory.LazyAttribute(lambda o: len(o.content))


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """allauth's record of a user's address; verified unless told otherwise."""

    class Meta:
        model = "account.EmailAddress"

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True


def create_member(organisation=None, **user_fields):
    """A user who may act for an organisation: a verified address, an approved affiliation."""
    user = UserFactory(**user_fields)
    EmailAddressFactory(user=user)
    AffiliationFactory(user=user, organisation=organisation or OrganisationFactory())
    return user
