from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.GovernanceIndexView.as_view(), name="index"),
    path("governance/<slug:slug>/", views.LevelDetailView.as_view(), name="level-detail"),
]
