"""Admin accounts (issue 12): lockout after failed sign-ins, optional two-factor
authentication, strong passwords and session expiry (home/accounts.py, config/settings)."""

import datetime as dt
import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import person

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "pw"


@pytest.fixture
def editor():
    user = person("editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def other_editor():
    user = person("other-editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def sign_in(client, username, password=PASSWORD, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(client, username, times, **headers):
    return [sign_in(client, username, "wrong password", **headers) for _ in range(times)]


# Lockout ---------------------------------------------------------------------------------------


def test_failed_sign_ins_lock_the_account_out_even_with_the_right_password(client, editor):
    limit = settings.AXES_FAILURE_LIMIT
    responses = fail(client, "editor", limit)
    assert [r.status_code for r in responses[:-1]] == [200] * (limit - 1)  # the form again
    assert responses[-1].status_code == 429

    response = sign_in(client, "editor")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    text = response.content.decode()
    assert "Too many failed sign-in attempts for this account from your address" in text
    assert "try again in 15 minutes" in text
    assert not signed_in(client)


def test_the_lockout_page_is_in_the_readers_language(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "editor", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 429
    assert '<html lang="sv"' in response.content.decode()


def test_a_lockout_is_per_user_and_address(client, editor, other_editor, settings):
    settings.PARTICIPATION_TRUSTED_PROXIES = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    fail(client, "editor", settings.AXES_FAILURE_LIMIT, **attacker)
    assert sign_in(client, "editor", **attacker).status_code == 429

    # Another user from the same address, and the same user from another address, sign in.
    assert sign_in(client, "other-editor", **attacker).status_code == 302
    client.logout()
    assert sign_in(client, "editor", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_it_appended(client, editor, settings):
    """Addresses a client writes into X-Forwarded-For itself do not reset its count."""
    settings.PARTICIPATION_TRUSTED_PROXIES = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    response = sign_in(client, "editor", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert response.status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert sign_in(client, "editor", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "editor").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    assert sign_in(client, "editor").status_code == 302
    assert signed_in(client)


def test_an_administrator_unlocks_an_account(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sign_in(client, "editor").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, editor):
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor").status_code == 302
    client.logout()
    fail(client, "editor", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "editor").status_code == 302


# Two-factor authentication -----------------------------------------------------------------------

MANAGE = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


def code_for(device, steps_ahead=0) -> str:
    """The code the editor's app shows (``steps_ahead`` periods of 30 s later: a code once used
    is not accepted again, so a second sign-in in the same half-minute takes the next one)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client) -> TOTPDevice:
    page = client.get(MANAGE)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(MANAGE, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_editor_turns_two_factor_on_with_a_qr_code_and_a_first_code(client, editor):
    client.force_login(editor)
    page = client.get(MANAGE).content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert "<svg" in page and "QR code for your authenticator app" in page
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert len(key.replace(" ", "")) == 32
    assert client.get(MANAGE).content.decode().count(key) == 1  # reloading keeps the same key
    assert TOTPDevice.objects.filter(user=editor).count() == 1

    response = client.post(MANAGE, {"code": code_for(device)}, follow=True)
    assert "Two-factor authentication is on" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_first_code_leaves_two_factor_off(client, editor):
    client.force_login(editor)
    client.get(MANAGE)
    response = client.post(MANAGE, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_after_a_wrong_code_the_next_waits_a_moment(client, editor):
    client.force_login(editor)
    client.get(MANAGE)
    device = TOTPDevice.objects.get(confirmed=False)
    client.post(MANAGE, {"code": "000000"})
    response = client.post(MANAGE, {"code": code_for(device)})
    assert "Too many wrong codes. Wait 1 second" in response.content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=2))
    assert client.post(MANAGE, {"code": code_for(device)}).status_code == 302


def test_the_account_page_links_to_two_factor(client, editor):
    client.force_login(editor)
    assert MANAGE in client.get("/admin/account/").content.decode()


def test_with_two_factor_on_sign_in_asks_for_the_code(client, editor):
    client.force_login(editor)
    device = enrol(client)
    client.logout()

    response = sign_in(client, "editor")
    assert response.status_code == 302
    response = client.get("/admin/account/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert "next=/admin/account/" in response["Location"]
    assert "Enter the code from your authenticator app" in client.get(VERIFY).content.decode()

    response = client.post(VERIFY, {"code": code_for(device, 1), "next": "/admin/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    device = enrol(client)
    client.logout()
    sign_in(client, "editor")

    response = client.post(VERIFY, {"code": "123 456"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # Guessing quickly is slowed down: the next try within the delay is refused unread.
    response = client.post(VERIFY, {"code": code_for(device, 1)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_code_step_sends_only_to_this_site(client, editor):
    client.force_login(editor)
    device = enrol(client)
    client.logout()
    sign_in(client, "editor")
    response = client.post(VERIFY, {"code": code_for(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_without_two_factor_an_editor_signs_in_with_the_password_alone(client, editor):
    assert sign_in(client, "editor").status_code == 302
    assert client.get("/admin/account/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to verify: on to the admin


def test_before_the_code_the_editor_is_anonymous_on_the_site(client, editor):
    from wagtail.models import Page, PageViewRestriction

    client.force_login(editor)
    enrol(client)
    client.logout()
    sign_in(client, "editor")
    home = Page.objects.get(depth=2, locale__language_code="en")
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/")
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]


def test_an_editor_turns_two_factor_off_with_their_password(client, editor):
    client.force_login(editor)
    enrol(client)
    response = client.post(MANAGE, {"password": "wrong"})
    assert "That password is not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=editor).exists()
    response = client.post(MANAGE, {"password": PASSWORD}, follow=True)
    assert "Two-factor authentication is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_an_administrator_resets_a_lost_device(client, editor):
    client.force_login(editor)
    enrol(client)
    client.logout()
    call_command("reset_two_factor", "editor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sign_in(client, "editor")
    assert client.get("/admin/account/").status_code == 200


def test_public_pages_read_no_session_and_set_no_cookie(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


# Passwords ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1!", "This password is too short"),
        ("password12345", "This password is too common"),
        ("934857239485723", "This password is entirely numeric"),
        ("editor.example.org", "The password is too similar"),
    ],
)
def test_an_administrator_cannot_give_a_weak_password(client, editor, password, message):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[editor.pk]),
        {
            "username": "editor",
            "email": "editor@example.org",
            "first_name": "",
            "last_name": "",
            "password1": password,
            "password2": password,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


# Sessions -----------------------------------------------------------------------------------------


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser(client, editor):
    response = sign_in(client, "editor")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]
    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + dt.timedelta(hours=8)
    assert abs(session.expire_date - expected) < dt.timedelta(minutes=1)


def test_remember_me_keeps_the_session_for_eight_hours_at_most(client, editor):
    response = client.post(
        LOGIN, {"username": "editor", "password": PASSWORD, "remember": "on", "next": "/admin/"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
