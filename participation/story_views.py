"""Share your story (being written)."""

from django.http import Http404


def share_story(request):
    raise Http404


def thanks(request):
    raise Http404
