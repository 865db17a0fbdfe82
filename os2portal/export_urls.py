"""Open data outside the API: publiccode.yml per product and CSV exports."""

from django.urls import path

from os2portal import exports

app_name = "exports"

urlpatterns = [
    path(
        "produkter/<slug:slug>/publiccode.yml",
        exports.product_publiccode_yml,
        name="product-publiccode",
    ),
    path("produkter/eksport.csv", exports.ProductListCSV.as_view(), name="product-list-csv"),
    path("medlemmer/eksport.csv", exports.MemberUsageCSV.as_view(), name="member-usage-csv"),
    path(
        "initiativer/<slug:slug>/interesser.csv",
        exports.InitiativeInterestCSV.as_view(),
        name="initiative-interest-csv",
    ),
]
