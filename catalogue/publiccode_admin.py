"""The secretariat's upload of publiccode.yml files in the admin (Produkter → Importér)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Product
from catalogue.publiccode import PubliccodeError
from catalogue.publiccode_import import Document, publiccode_import

MAX_UPLOAD_BYTES = 1_000_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".yml,.yaml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class PubliccodeUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("publiccode.yml-filer"),
        help_text=gettext_lazy(
            "Version 0.2 til 0.5. Produkter med samme kildekode-adresse (url) opdateres, "
            "andre oprettes. Er der fejl i én fil, importeres ingen."
        ),
    )

    def clean_files(self):
        documents = []
        for upload in self.cleaned_data["files"]:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("%(name)s er større end 1 MB.") % {"name": upload.name}
                )
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    _("%(name)s er ikke UTF-8-tekst.") % {"name": upload.name}
                ) from error
            documents.append(Document(source=upload.name, text=text))
        return documents


def import_publiccode_view(request, model_admin):
    if not (
        request.user.has_perm("catalogue.add_product")
        and request.user.has_perm("catalogue.change_product")
    ):
        raise PermissionDenied
    problems, results = [], []
    form = PubliccodeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            results = publiccode_import(documents=form.cleaned_data["files"])
        except PubliccodeError as error:
            problems = error.problems
        else:
            for result in results:
                message = (
                    _("%(source)s: %(product)s er oprettet.")
                    if result.created
                    else _("%(source)s: %(product)s er opdateret.")
                )
                messages.success(
                    request, message % {"source": result.source, "product": result.product.name}
                )
                for note in result.notes:
                    messages.warning(request, f"{result.source}: {note}")
            return redirect("admin:catalogue_product_changelist")
    context = {
        **admin.site.each_context(request),
        "opts": Product._meta,
        "title": _("Importér publiccode.yml"),
        "form": form,
        "problems": problems,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/catalogue/product/import_publiccode.html", context)
