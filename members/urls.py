from django.urls import path  # noqa: F401 (patterns are added as the pages are built)

app_name = "members"

urlpatterns = []
