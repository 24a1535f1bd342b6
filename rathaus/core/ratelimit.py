"""Limits on how often one client may do one thing (reports, supports, API posts).

``hit(action, client, limit=…, per=…)`` counts one attempt of ``action`` by ``client``
(an account id, a hashed address, an API client) in a fixed window of ``per`` seconds
and raises ``RateLimited`` once ``limit`` is exceeded. The counters live in the database,
so every web process shares them; clients are stored only as keyed hashes.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import UserFacingError
from .models import RateLimitBucket
from .tenancy import current_town_id


class RateLimited(UserFacingError):
    message = _("You have done this too often in a short time. Please wait a while and try again.")

    def __init__(self, retry_after: int = 60, message=None):
        self.retry_after = retry_after
        super().__init__(message)


def client_key(request) -> str:
    """The requesting client: its account if signed in, else its address."""
    from .audit.middleware import client_ip

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or 'unknown'}"


def _bucket_key(action: str, client: str) -> str:
    message = f"{current_town_id()}|{action}|{client}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def hit(action: str, client: str, *, limit: int, per: int) -> int:
    """Count one attempt; return how many were made in this window, or raise
    ``RateLimited`` when this one is over ``limit``."""
    key = _bucket_key(action, client)
    now = timezone.now()
    with transaction.atomic():
        bucket = RateLimitBucket.objects.select_for_update().filter(key=key).first()
        if bucket is None:
            try:
                with transaction.atomic():
                    bucket = RateLimitBucket.objects.create(key=key, window_start=now, count=0)
            except IntegrityError:
                bucket = RateLimitBucket.objects.select_for_update().get(key=key)
        if bucket.window_start + datetime.timedelta(seconds=per) <= now:
            bucket.window_start, bucket.count = now, 0
        bucket.count += 1
        bucket.save(update_fields=["window_start", "count"])
    if bucket.count > limit:
        elapsed = (now - bucket.window_start).total_seconds()
        raise RateLimited(retry_after=max(1, int(per - elapsed)))
    return bucket.count


def forget_old(before: datetime.datetime) -> int:
    """Delete counters whose window started before ``before`` (a cleanup job)."""
    return RateLimitBucket.objects.filter(window_start__lt=before).delete()[0]
