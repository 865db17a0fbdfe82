from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("medlemmer/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "medlemmer/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
]
