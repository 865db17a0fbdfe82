from django.urls import path

from catalogue.views import initiatives, suppliers

app_name = "catalogue"

urlpatterns = [
    path("initiativer/", initiatives.InitiativeListView.as_view(), name="initiative-list"),
    path(
        "initiativer/<slug:slug>/",
        initiatives.InitiativeDetailView.as_view(),
        name="initiative-detail",
    ),
    path("leverandoerer/", suppliers.SupplierListView.as_view(), name="supplier-list"),
    path(
        "leverandoerer/<slug:slug>/",
        suppliers.SupplierDetailView.as_view(),
        name="supplier-detail",
    ),
]
