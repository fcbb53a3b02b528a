"""Admin accounts: the lockout page after too many failed sign-ins (django-axes) and optional
two-factor authentication with an authenticator app (django-otp's TOTP devices).

**Lockout.** django-axes counts failed sign-ins per username and client address (the
``AXES_*`` settings; the address as the public forms find it, ``participation.protection``)
and, past the limit, refuses that pair for the cool-off period before any password is checked;
``locked_out`` is the page it shows then. ``manage.py axes_reset_username NAME`` unlocks sooner.

**Second factor.** Optional: an editor turns it on under Account → Two-factor authentication
(``ManageView``: a QR code and the key, confirmed with a first code). From then on, after the
password, ``TwoFactorMiddleware`` sends them to ``verify`` for a code before any other admin
page; an editor without an app signs in with the password alone, as before. Someone who has
lost their phone is reset by an administrator: ``manage.py reset_two_factor NAME``.

wagtail-2fa (1.8.0) would give these screens but does not load on Wagtail 8: it imports
``wagtail.users.widgets``, which Wagtail 8 no longer has.

Public pages are cached whole for anonymous readers (docs/caching.md): nothing here reads a
session outside the admin unless the request brought a session cookie, and nothing sets one.
"""

import base64
import math
from functools import partial

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

# Lockout ---------------------------------------------------------------------------------------


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (``AXES_LOCKOUT_CALLABLE``): a readable, translated page
    in the admin's style, 429 with ``Retry-After``."""
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": max(math.ceil(cool_off / 60), 1)},
        status=429,
    )
    response["Retry-After"] = str(cool_off)
    return response


# Second factor: the code after the password ----------------------------------------------------

# Admin URLs someone who has given their password but not yet the code may reach.
PENDING_CODE_URL_NAMES = {
    "two_factor:verify",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


def is_admin_path(request) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def has_device(user) -> bool:
    """Whether ``user`` has turned two-factor authentication on (a confirmed device). Kept on
    the user object for the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_two_factor_on"):
        user._two_factor_on = user_has_device(user, confirmed=True)
    return user._two_factor_on


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), which also

    - in the admin, sends a signed-in user who has a device but has not given its code to
      ``verify`` (then back where they were going);
    - outside it, treats that user as anonymous (pages and documents behind a login stay closed).

    Both only when the request carries a session cookie: anonymous readers' requests are left as
    they are, and their session is never read.
    """

    async_capable = False

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        request.user = SimpleLazyObject(partial(self._user, request, user))
        if self._code_needed(request):
            return redirect_to_login(request.get_full_path(), reverse("two_factor:verify"))
        return self.get_response(request)

    def _user(self, request, user):
        user = self._verify_user_sync(request, user)
        if not is_admin_path(request) and not user.is_verified() and has_device(user):
            return AnonymousUser()
        return user

    def _code_needed(self, request) -> bool:
        if not is_admin_path(request):
            return False
        user = request.user
        if not has_device(user) or user.is_verified():
            return False
        try:
            url_name = resolve(request.path_info).view_name
        except Resolver404:
            return True
        return url_name not in PENDING_CODE_URL_NAMES


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Code from your authenticator app"),
            help_text=gettext_lazy("Six digits; a new one appears every 30 seconds."),
            max_length=16,
            widget=forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
            ),
            **kwargs,
        )

    def clean(self, value):
        return "".join(super().clean(value).split())


def check_code(devices, code: str, wrong_message: str):
    """The device among ``devices`` that accepts ``code``, or a ValidationError. django-otp
    doubles a device's delay after each wrong code (1 s, 2 s, 4 s … up to an hour); a code sent
    within it is not tried, and the message says how long is left."""
    allowed, waits = [], []
    for device in devices:
        ok, details = device.verify_is_allowed()
        if ok:
            allowed.append(device)
        elif details and details.get("locked_until"):
            waits.append((details["locked_until"] - timezone.now()).total_seconds())
    if not allowed and waits:
        seconds = max(math.ceil(min(waits)), 1)
        raise forms.ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then type the code your app shows.",
                "Too many wrong codes. Wait %(seconds)d seconds, then type the code your app shows.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    for device in allowed:
        if device.verify_token(code):
            return device
    raise forms.ValidationError(wrong_message, code="invalid")


class VerifyForm(forms.Form):
    code = CodeField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = check_code(
            devices_for_user(self.user, confirmed=True),
            code,
            _("That code is not right. Type the code your app shows now."),
        )
        return code


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The step after the password for someone with a device: their app's current code."""
    redirect_to = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = ""
    redirect_to = redirect_to or reverse("wagtailadmin_home")
    user = request.user
    if not has_device(user) or user.is_verified():
        return redirect(redirect_to)
    form = VerifyForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(redirect_to)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": redirect_to})


# Second factor: turning it on and off -----------------------------------------------------------


class EnrolForm(forms.Form):
    code = CodeField()

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        check_code(
            [self.device],
            code,
            _(
                "That code is not right. Check that you scanned the code on this page, "
                "then type the code your app shows now."
            ),
        )
        return code


class TurnOffForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."), code="invalid")
        return password


def pending_device(user) -> TOTPDevice:
    """The device being set up: the same one until it is confirmed, so that reloading the page
    keeps the QR code the editor may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )


def spaced_key(device: TOTPDevice) -> str:
    """The secret key as authenticator apps take it typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """Account → Two-factor authentication: turn it on (scan, confirm with a code) or off (with
    the password)."""

    template_name = "accounts/two_factor_manage.html"
    page_title = gettext_lazy("Two-factor authentication")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        user = request.user
        if has_device(user):
            form = TurnOffForm(request.POST, user=user)
            if not form.is_valid():
                return self.render_page(turn_off_form=form)
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two_factor:manage")
        device = pending_device(user)
        form = EnrolForm(request.POST, device=device)
        if not form.is_valid():
            return self.render_page(enrol_form=form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        otp_login(request, device)
        messages.success(
            request,
            _("Two-factor authentication is on: you will be asked for a code after signing in."),
        )
        return redirect("two_factor:manage")

    def render_page(self, **forms_given):
        user = self.request.user
        context = {"two_factor_on": has_device(user)}
        if context["two_factor_on"]:
            context["turn_off_form"] = forms_given.get("turn_off_form") or TurnOffForm(user=user)
        else:
            device = pending_device(user)
            context.update(
                enrol_form=forms_given.get("enrol_form") or EnrolForm(device=device),
                qr_code=qr_code_svg(device),
                key=spaced_key(device),
            )
        return self.render_to_response(self.get_context_data(**context))


manage = require_admin_access(never_cache(sensitive_post_parameters()(ManageView.as_view())))

urlpatterns = [
    path("", manage, name="manage"),
    path("verify/", verify, name="verify"),
]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("two_factor:manage"),
        "label": _("Two-factor authentication"),
        "help_text": _("After your password, ask for a code from an app on your phone."),
    }
