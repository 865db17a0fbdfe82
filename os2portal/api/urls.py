from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from os2portal.api import docs, views

app_name = "api"

urlpatterns = [
    path("v1/products/", views.ProductListView.as_view(), name="product-list"),
    path("v1/products/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("v1/organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "v1/organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("v1/suppliers/", views.SupplierListView.as_view(), name="supplier-list"),
    path("v1/suppliers/<slug:slug>/", views.SupplierDetailView.as_view(), name="supplier-detail"),
    path("v1/initiatives/", views.InitiativeListView.as_view(), name="initiative-list"),
    path(
        "v1/initiatives/<slug:slug>/",
        views.InitiativeDetailView.as_view(),
        name="initiative-detail",
    ),
    path("v1/levels/", views.LevelListView.as_view(), name="level-list"),
    path("v1/levels/<slug:slug>/", views.LevelDetailView.as_view(), name="level-detail"),
    path("v1/requirements/", views.RequirementListView.as_view(), name="requirement-list"),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", docs.ApiDocsView.as_view(), name="docs"),
]
