from django.urls import path

from catalogue import feeds
from catalogue.views import initiatives, products, suppliers

app_name = "catalogue"

urlpatterns = [
    path("produkter/", products.ProductListView.as_view(), name="product-list"),
    path("produkter/<slug:slug>/", products.ProductDetailView.as_view(), name="product-detail"),
    path("soeg/", products.SearchView.as_view(), name="search"),
    path("feeds/produkter/", feeds.ProductFeed(), name="product-feed"),
    path("feeds/niveauer/", feeds.LevelChangeFeed(), name="level-feed"),
    path("feeds/initiativer/", feeds.InitiativeFeed(), name="initiative-feed"),
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
