"""The Content-Security-Policy: django-csp's middleware, with a policy of its own for the Wagtail
admin.

Public pages get ``CONTENT_SECURITY_POLICY``: scripts from this origin only, no
``'unsafe-inline'`` and no nonce (whole pages are cached and served to everyone, so nothing in
them may differ per request: docs/caching.md). The admin still needs inline scripts and styles
in places (wagtail/wagtail#1288), so paths under ``ADMIN_CONTENT_SECURITY_POLICY["PATH_PREFIXES"]``
get that setting's directives instead, the way django-csp's own ``@csp`` decorator replaces the
policy of one view. A view's own decorators still apply on top of either.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        # Wagtail renders a preview by sending a made-up request for the page's public address
        # through the middleware again (``is_dummy``): the admin request around it, which shows
        # the preview, sets the policy.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def is_admin(request) -> bool:
    prefixes = tuple(settings.ADMIN_CONTENT_SECURITY_POLICY["PATH_PREFIXES"])
    return request.path_info.startswith(prefixes)
