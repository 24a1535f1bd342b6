"""Make the request's address and browser known to audit entries written during it."""

from .services import RequestContext, current_request_context


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request_context.set(
            RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_request_context.reset(token)
