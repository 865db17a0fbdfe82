"""Signal handlers: each only hands over to a service, where the rule lives."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from members import services


@receiver(email_confirmed, dispatch_uid="members_affiliate_by_email_domain")
def affiliate_by_email_domain(sender, request, email_address, **kwargs):
    services.affiliation_for_verified_email(user=email_address.user, email=email_address.email)
