from django.urls import path  # noqa: F401 (patterns are added as the API is built)

app_name = "api"

urlpatterns = []
