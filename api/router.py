"""The API's endpoints, under /api/v2/ (see README, "The API")."""

from wagtail.api.v2.router import WagtailAPIRouter

from api import views

api_router = WagtailAPIRouter("api")
api_router.register_endpoint("stories", views.StoriesAPIViewSet)
api_router.register_endpoint("events", views.EventsAPIViewSet)
api_router.register_endpoint("practices", views.PracticesAPIViewSet)
api_router.register_endpoint("chapters", views.ChaptersAPIViewSet)
api_router.register_endpoint("cities", views.CitiesAPIViewSet)
api_router.register_endpoint("images", views.PublishedImagesAPIViewSet)
