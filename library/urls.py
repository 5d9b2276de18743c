"""URLs of the library (library:…)."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.LibraryListView.as_view(), name="library-list"),
    path("library/feed.atom", views.LibraryFeed(), name="library-feed"),
    path("library/themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("library/themes/<slug:theme>/follow/", views.ThemeFollowView.as_view(), name="theme-follow"),
    path("library/themes/<slug:theme>/unfollow/", views.ThemeUnfollowView.as_view(), name="theme-unfollow"),
    path("library/new/", views.ItemCreateView.as_view(), name="item-create"),
    path("library/<id:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("library/<id:pk>/edit/", views.ItemEditView.as_view(), name="item-edit"),
    path("library/<id:pk>/file/", views.ItemFileView.as_view(), name="item-file"),
    path("experts/", views.ExpertListView.as_view(), name="expert-list"),
    path("experts/me/", views.ExpertProfileView.as_view(), name="expert-profile"),
    path("experts/<id:pk>/", views.ExpertDetailView.as_view(), name="expert-detail"),
    path("experts/<id:pk>/contact/", views.ExpertContactView.as_view(), name="expert-contact"),
]
