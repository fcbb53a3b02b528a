from django.urls import path

from participation import story_views, views

app_name = "participation"

urlpatterns = [
    path("comments/<int:page_id>/", views.comment, name="comment"),
    path("comments/report/<int:comment_id>/", views.report_comment, name="report_comment"),
    path("share-your-story/", story_views.share_story, name="share_story"),
    path("share-your-story/thanks/", story_views.thanks, name="story_thanks"),
]
