"""Members' own pages and actions: their organisation, interests and usage declarations."""

from django.urls import path  # noqa: F401 (patterns are added as the pages are built)

app_name = "membership"

urlpatterns = []
