"""Share your story: the public form and its confirmation page.

The form page is the same for every visitor: no CSRF token, no cookie. Posts are protected by
``participation.protection`` instead (same origin, rate limit per address, honeypot, minimum
fill time).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Locale

from home.localization import LanguageLink, attach_listing_urls, one_per_translation
from home.models import StandardPage
from participation.protection import public_post
from participation.story_forms import ShareStoryForm
from participation.story_submission import SharedStory, submit_story

PRIVACY_NOTICE_SLUG = "privacy-notice"  # the standard page the consent refers to


def _language_links(request, url_name):
    """The language switcher's links to this view in every language."""
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse(url_name)
        links.append(
            LanguageLink(
                code, name, url, request.build_absolute_uri(url), code == get_language(), True
            )
        )
    return links


def _privacy_notice_url(request, locale):
    pages = one_per_translation(StandardPage.objects.filter(slug=PRIVACY_NOTICE_SLUG), locale)
    pages = attach_listing_urls(pages.select_related("locale")[:1], locale, request)
    return pages[0].listing_url if pages else None


def _thanks(request):
    return HttpResponseRedirect(reverse("participation:story_thanks"), status=303)


def _shared_story(form) -> SharedStory:
    data = form.cleaned_data
    return SharedStory(
        title=data["title"],
        text=data["text"],
        language=data["language"],
        themes=list(data["themes"]),
        teller_name=form.teller_name,
        email=data["email"],
        photo=form.clean_photo_file,
        photo_description=data["photo_description"] if form.clean_photo_file else "",
    )


@public_post(group="participation.story", rate_setting="PARTICIPATION_STORY_RATE")
@require_http_methods(["GET", "HEAD", "POST"])
def share_story(request):
    locale = Locale.get_active()
    status = 200
    if request.method == "POST":
        form = ShareStoryForm(request.POST, request.FILES, locale=locale)
        if form.caught_in_honeypot:
            return _thanks(request)  # a bot is told nothing
        if form.is_valid():
            try:
                submit_story(
                    _shared_story(form), form.section, correspondence_language=get_language()
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return _thanks(request)
        status = 400
    else:
        form = ShareStoryForm(locale=locale, initial=_initial(request, get_language()))
    context = {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "photo_lost": form.is_bound and bool(request.FILES.get("photo")),
        "privacy_notice_url": _privacy_notice_url(request, locale),
        "language_links": _language_links(request, "participation:share_story"),
    }
    return render(request, "participation/story_form.html", context, status=status)


def _initial(request, language):
    """The story's language defaults to the page's; a link from a city's section names the
    city (``?city=malmo``), which is ignored when it is not one of the choices."""
    return {"language": language, "city": request.GET.get("city", "")}


@require_GET
def thanks(request):
    context = {"language_links": _language_links(request, "participation:story_thanks")}
    return render(request, "participation/story_thanks.html", context)
