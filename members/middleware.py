"""The admin is reached only through the portal's sign-in, and by staff only with two factors.

The same holds for the secretariat's other views (an initiative's interests as CSV, say),
which say so with ``staff_two_factor = True`` on the view or its class.

- Anyone not signed in who opens the admin is sent to the portal's sign-in (allauth), so
  that the rate limits, e-mail verification and the second factor apply there too; the
  admin's own login form is never shown.
- A signed-in user who is not staff is refused.
- Staff without an activated authenticator app (TOTP) are sent to set one up.
- Staff with one, whose session has not passed the second factor (a session from before
  they set it up), are asked for a code first.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _


def _redirect_with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{resolve_url(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    )


def session_passed_second_factor(request) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def _for_staff_only(match, view_func) -> bool:
    view = getattr(view_func, "view_class", view_func)
    return "admin" in match.namespaces or getattr(view, "staff_two_factor", False)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _for_staff_only(match, view_func):
            return None
        user = request.user
        next_url = request.get_full_path()
        if match.url_name == "logout":
            return HttpResponseRedirect(reverse("account_logout"))
        if match.url_name == "login":
            # Sign-in is the portal's; afterwards, come back to where the admin sent you.
            next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = reverse("admin:index")
        if not user.is_authenticated:
            return _redirect_with_next("account_login", next_url)
        if not (user.is_active and user.is_staff):
            raise PermissionDenied(_("Administrationen er kun for sekretariatet."))
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.warning(
                request,
                _(
                    "Sekretariatets brugere skal logge ind med to faktorer. Opsæt en "
                    "godkendelsesapp, før du går til administrationen."
                ),
            )
            return _redirect_with_next("mfa_activate_totp", next_url)
        if not session_passed_second_factor(request):
            return _redirect_with_next("mfa_reauthenticate", next_url)
        if match.url_name == "login":
            return HttpResponseRedirect(next_url)
        return None
