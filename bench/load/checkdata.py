"""Inside Django: the member of the two-server check, made before it and removed after.

``python -m bench.load.checkdata setup EMAIL PASSWORD`` makes a dedicated organisation
and a member of it who may act for it (a verified address, an approved affiliation), as
the secretariat would have approved; ``cleanup EMAIL`` removes the member, the
organisation and what the check declared, so the next run starts from the seeded data.
Setup cleans up first, so an interrupted run does not stop the next one.
"""

import json
import os
import sys

ORGANISATION_SLUG = "ydelsesmaaling-tjek"
# Plain letters, so the name reads the same in the page's HTML.
ORGANISATION_NAME = "Ydelsesmaaling tjekorganisation"


def cleanup(email: str) -> None:
    from django.db import transaction

    from catalogue.models import Usage
    from members.models import AuditEntry, Organisation, User

    with transaction.atomic():
        Usage.objects.filter(organisation__slug=ORGANISATION_SLUG).delete()
        AuditEntry.objects.filter(user_email=email).delete()
        User.objects.filter(email=email).delete()
        Organisation.objects.filter(slug=ORGANISATION_SLUG).delete()


def setup(email: str, password: str) -> dict:
    from allauth.account.models import EmailAddress
    from django.db import transaction

    from members.models import Affiliation, Organisation, Region, User

    cleanup(email)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=ORGANISATION_NAME,
            slug=ORGANISATION_SLUG,
            kind=Organisation.Kind.OTHER,
            region=Region.objects.order_by("code").first(),
        )
        user = User.objects.create_user(email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Affiliation.objects.create(
            user=user,
            organisation=organisation,
            status=Affiliation.Status.APPROVED,
            method=Affiliation.Method.REQUEST,
        )
    return {"organisation": ORGANISATION_NAME}


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "os2portal.settings")
    django.setup()
    action, email, *rest = sys.argv[1:]
    result = setup(email, *rest) if action == "setup" else cleanup(email)
    print("CHECKDATA_JSON " + json.dumps(result or {}), flush=True)


if __name__ == "__main__":
    main()
