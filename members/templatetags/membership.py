"""Template tags for members' panels on public pages (an initiative, a product)."""

from django import template
from django.utils import timezone

from catalogue.models import Interest, Usage
from members import services

register = template.Library()


@register.simple_tag(takes_context=True)
def member_panel(context, *, initiative=None, product=None):
    """What the signed-in user may do here: their organisation and its row, or why not.

    Returns a dict with ``organisation`` (None if the user may not act), ``reason`` (why
    not), and the organisation's active ``interest`` in the initiative or ``usage`` of the
    product.
    """
    request = context.get("request") or getattr(context, "request", None)
    user = getattr(request, "user", None)
    panel = {"organisation": None, "reason": "", "interest": None, "usage": None}
    if user is None or not user.is_authenticated:
        return panel
    try:
        organisation = services.acting_organisation(user)
    except services.NotPermitted as error:
        panel["reason"] = error.message
        return panel
    panel["organisation"] = organisation
    if initiative is not None:
        panel["interest"] = (
            Interest.objects.active()
            .filter(organisation=organisation, initiative=initiative)
            .select_related("registered_by")
            .first()
        )
        panel["accepts"] = initiative.accepts_interest_on(timezone.localdate())
    if product is not None:
        panel["usage"] = Usage.objects.filter(organisation=organisation, product=product).first()
    return panel
