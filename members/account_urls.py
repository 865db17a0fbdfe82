"""Members' own pages and actions: their organisation, interests and usage declarations."""

from django.urls import path

from members import account_views as views

app_name = "membership"

urlpatterns = [
    path("min-organisation/", views.MyOrganisationView.as_view(), name="my-organisation"),
    path(
        "min-organisation/tilknytning/",
        views.AffiliationRequestView.as_view(),
        name="affiliation-request",
    ),
    path(
        "initiativer/<slug:slug>/interesse/",
        views.InterestRegisterView.as_view(),
        name="interest-register",
    ),
    path("interesser/<int:pk>/", views.InterestChangeView.as_view(), name="interest-change"),
    path(
        "interesser/<int:pk>/tilbagetraek/",
        views.InterestWithdrawView.as_view(),
        name="interest-withdraw",
    ),
    path(
        "produkter/<slug:slug>/anvendelse/",
        views.UsageDeclareView.as_view(),
        name="usage-declare",
    ),
    path("anvendelser/<int:pk>/bekraeft/", views.UsageConfirmView.as_view(), name="usage-confirm"),
]
