"""Members' own pages and actions: their organisation, affiliation, interests and usages.

Each action: a form validates the input's form, one service checks permission and the
rules and writes, a message, a redirect. Anyone not signed in is sent to sign in; a
signed-in user who may not act (unverified, not affiliated, another organisation's row, a
closed initiative) gets a 403 page that says why.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from catalogue import services as catalogue_services
from catalogue.fees import organisation_fees
from catalogue.forms import InterestForm, UsageForm
from catalogue.models import Initiative, Interest, Product, Usage
from members import services
from members.forms import AffiliationRequestForm
from members.models import Affiliation
from os2portal.db import DanishSortKey


def not_permitted(request, reason):
    return render(request, "members/not_permitted.html", {"reason": reason}, status=403)


class MemberRequiredMixin(LoginRequiredMixin):
    """Signed in, verified and affiliated; sets ``self.organisation``.

    Services check the same again (through the same function) when they write.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.organisation = services.acting_organisation(request.user)
            return super().dispatch(request, *args, **kwargs)
        except services.NotPermitted as error:
            return not_permitted(request, error.message)


class ServiceFormMixin:
    """form_valid calls one service; its field errors land on the form, nothing saved."""

    success_message = ""

    def call_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.call_service(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


# Min organisation ----------------------------------------------------------------------


class MyOrganisationView(LoginRequiredMixin, TemplateView):
    template_name = "members/my_organisation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            organisation = services.acting_organisation(user)
        except services.NotPermitted as error:
            context["reason"] = error.message
            context["pending"] = (
                Affiliation.objects.pending().filter(user=user).select_related("organisation")
            ).first()
            return context
        year = timezone.localdate().year
        usages = list(
            Usage.objects.filter(organisation=organisation)
            .select_related("product")
            .order_by(DanishSortKey("product__name"), "product__name")
        )
        context.update(
            organisation=organisation,
            year=year,
            size_tier=organisation.size_tier(),
            usages=usages,
            fees=self.fee_rows(organisation, usages, year),
            interests=Interest.objects.filter(organisation=organisation)
            .select_related("initiative", "registered_by", "withdrawn_by")
            .order_by("withdrawn_at", "-registered_at"),
            colleagues=get_user_model()
            .objects.filter(
                affiliations__organisation=organisation, affiliations__status="approved"
            )
            .exclude(pk=user.pk)
            .order_by("first_name", "last_name", "email"),
        )
        return context

    @staticmethod
    def fee_rows(organisation, usages, year):
        """(usage, fee) for every product the organisation has not stopped using."""
        current = [usage for usage in usages if usage.status != Usage.Status.STOPPED]
        fees = organisation_fees(
            products=[usage.product for usage in current], organisation=organisation, year=year
        )
        return [(usage, fees[usage.product_id]) for usage in current]


class AffiliationRequestView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "members/affiliation_request.html"
    form_class = AffiliationRequestForm

    def get_success_url(self):
        return _my_organisation_url()

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and (
                Affiliation.objects.filter(user=request.user, status__in=["pending", "approved"])
            ).exists()
        ):
            messages.info(request, services.ALREADY_AFFILIATED)
            return redirect(_my_organisation_url())
        try:
            return super().dispatch(request, *args, **kwargs)
        except services.NotPermitted as error:
            return not_permitted(request, error.message)

    def call_service(self, form):
        self.success_message = _(
            "Tak. Sekretariatet behandler din anmodning, og du får besked på e-mail."
        )
        return services.affiliation_request(
            user=self.request.user,
            organisation=form.cleaned_data["organisation"],
            message=form.cleaned_data["message"],
        )


def _my_organisation_url():
    return reverse("membership:my-organisation")


# Interests -----------------------------------------------------------------------------


class InterestRegisterView(MemberRequiredMixin, ServiceFormMixin, FormView):
    template_name = "members/interest_form.html"
    form_class = InterestForm

    def dispatch(self, request, *args, **kwargs):
        self.initiative = get_object_or_404(Initiative, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        catalogue_services.ensure_accepts_interest(self.initiative)
        active = Interest.objects.active().filter(
            organisation=self.organisation, initiative=self.initiative
        )
        if interest := active.first():
            return redirect("membership:interest-change", pk=interest.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            initiative=self.initiative, organisation=self.organisation, **kwargs
        )

    def get_success_url(self):
        return self.initiative.get_absolute_url()

    def call_service(self, form):
        self.success_message = _(
            "Interessen er registreret for %(organisation)s. Du får en bekræftelse på e-mail."
        ) % {"organisation": self.organisation}
        return catalogue_services.interest_register(
            user=self.request.user, initiative=self.initiative, **form.cleaned_data
        )


class InterestChangeView(MemberRequiredMixin, ServiceFormMixin, FormView):
    template_name = "members/interest_form.html"
    form_class = InterestForm

    def dispatch(self, request, *args, **kwargs):
        self.interest = get_object_or_404(
            Interest.objects.select_related("initiative", "organisation"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # Only colleagues see the form with the organisation's note.
        if self.interest.organisation_id != self.organisation.pk:
            return not_permitted(
                request, _("Du kan kun ændre din egen organisations interessetilkendegivelser.")
            )
        catalogue_services.ensure_accepts_interest(self.interest.initiative)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {
            "role": self.interest.role,
            "pledge": self.interest.pledge,
            "note": self.interest.note,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            initiative=self.interest.initiative,
            organisation=self.organisation,
            interest=self.interest,
            **kwargs,
        )

    def get_success_url(self):
        return self.interest.initiative.get_absolute_url()

    def call_service(self, form):
        self.success_message = _("Interessen er ændret. Du får en bekræftelse på e-mail.")
        return catalogue_services.interest_change(
            user=self.request.user, interest=self.interest, **form.cleaned_data
        )


class InterestWithdrawView(MemberRequiredMixin, TemplateView):
    template_name = "members/interest_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        self.interest = get_object_or_404(
            Interest.objects.select_related("initiative", "organisation"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.interest.organisation_id != self.organisation.pk:
            return not_permitted(
                request, _("Du kan kun ændre din egen organisations interessetilkendegivelser.")
            )
        catalogue_services.ensure_accepts_interest(self.interest.initiative)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(interest=self.interest, **kwargs)

    def post(self, request, *args, **kwargs):
        catalogue_services.interest_withdraw(user=request.user, interest=self.interest)
        messages.success(request, _("Interessen er trukket tilbage."))
        return redirect(self.interest.initiative.get_absolute_url())


# Usage declarations --------------------------------------------------------------------


class UsageDeclareView(MemberRequiredMixin, ServiceFormMixin, FormView):
    template_name = "members/usage_form.html"
    form_class = UsageForm

    def dispatch(self, request, *args, **kwargs):
        self.product = get_object_or_404(Product, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_usage(self):
        return Usage.objects.filter(organisation=self.organisation, product=self.product).first()

    def get_initial(self):
        usage = self.get_usage()
        if usage is None:
            return {}
        return {"status": usage.status, "since": usage.since, "note": usage.note}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            product=self.product, organisation=self.organisation, usage=self.get_usage(), **kwargs
        )

    def get_success_url(self):
        return _my_organisation_url()

    def call_service(self, form):
        self.success_message = _("Anvendelsen af %(product)s er erklæret.") % {
            "product": self.product
        }
        return catalogue_services.usage_declare(
            user=self.request.user, product=self.product, **form.cleaned_data
        )


class UsageConfirmView(MemberRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        usage = get_object_or_404(Usage.objects.select_related("product"), pk=kwargs["pk"])
        catalogue_services.usage_confirm(user=request.user, usage=usage)
        messages.success(
            request, _("Anvendelsen af %(product)s er bekræftet.") % {"product": usage.product}
        )
        return redirect(_my_organisation_url())
