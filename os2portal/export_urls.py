"""Open data outside the API: publiccode.yml per product and CSV exports."""

from django.urls import path  # noqa: F401 (patterns are added as the exports are built)

app_name = "exports"

urlpatterns = []
