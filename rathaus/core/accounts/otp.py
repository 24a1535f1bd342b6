"""The second factor of staff accounts: an authenticator app (TOTP) and recovery codes.

A TOTP device is created unconfirmed, shown as a secret and a QR code, and confirmed
with a first code; ten recovery codes (a static device) are issued with it. Wrong codes
are throttled per device by django-otp and, across devices, per account: after
``AXES_FAILURE_LIMIT`` wrong codes within ``AXES_COOLOFF_TIME`` hours verification is
refused until the cool-off has passed, the same rule as for passwords.
"""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"
DEMO_DEVICE_NAME = "Demo authenticator"
_DEMO_KEY_PURPOSE = "rathaus-demo-totp-v1"


class SecondFactorError(Exception):
    """Base of the second-factor errors the pages turn into messages."""


class WrongCode(SecondFactorError):
    pass


class LockedOut(SecondFactorError):
    def __init__(self, until):
        super().__init__("locked out")
        self.until = until


class SlowDown(SecondFactorError):
    """django-otp's growing delay after a wrong code has not passed yet."""


@dataclass(frozen=True)
class Verified:
    device: Device
    used_recovery_code: bool
    recovery_codes_left: int


def _failure_limit() -> int:
    return int(getattr(settings, "RATHAUS_OTP_FAILURE_LIMIT", settings.AXES_FAILURE_LIMIT))


def _cooloff() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def _all_devices(user) -> list:
    return [
        *TOTPDevice.objects.filter(user=user),
        *StaticDevice.objects.filter(user=user),
    ]


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True).exists()
    )


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def locked_until(user):
    """When the account's second factor unlocks again, or None if it is not locked."""
    since = timezone.now() - _cooloff()
    recent = [
        d
        for d in _all_devices(user)
        if d.throttling_failure_timestamp and d.throttling_failure_timestamp > since
    ]
    if sum(d.throttling_failure_count for d in recent) < _failure_limit():
        return None
    return max(d.throttling_failure_timestamp for d in recent) + _cooloff()


# --- set-up -----------------------------------------------------------------------------


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being set up; the same one on every reload of the page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in Base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(device: TOTPDevice, *, issuer: str) -> str:
    """The otpauth:// URI apps read from the QR code, labelled with the e-mail address."""
    issuer = issuer.replace(":", "").strip() or "Rathaus"
    label = quote(f"{issuer}:{device.user.email}")
    params = urlencode(
        {
            "secret": b32encode(device.bin_key).decode().rstrip("="),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{params}"


def qr_code_svg(uri: str, *, title: str) -> SafeString:
    """The QR code as inline SVG markup: no image request, no data: URI, no style attribute."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", svgclass="rh-qr", lineclass=None, title=title
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno output


def confirm_totp_device(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device being set up with its first code; returns new recovery codes."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(
            pk=device.pk, user=user, confirmed=False
        )
        _check_not_locked(user, device)
        # verify_token saves the failure count itself; it must survive a wrong code.
        verified = device.verify_token(_digits(code))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _issue_recovery_codes(user)
            record(
                action=AuditEntry.Action.UPDATE,
                actor=user,
                obj=user,
                summary="second factor set up",
            )
        else:
            _record_failure(user)
    if not verified:
        raise WrongCode
    return codes


def _issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


# --- verification -----------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _normalise_recovery_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _check_not_locked(user, device) -> None:
    until = locked_until(user)
    if until is not None:
        raise LockedOut(until)
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise SlowDown


def _record_failure(user) -> None:
    record(
        action=AuditEntry.Action.LOGIN_FAILED,
        actor=user,
        obj=user,
        summary="second factor failed",
    )


def verify_second_factor(*, user, code: str) -> Verified:
    """Check a code from the authenticator app or a recovery code (used up on success).

    Raises ``LockedOut``, ``SlowDown`` or ``WrongCode``; every wrong code counts. The
    failure is committed before the exception leaves, so it cannot be rolled back.
    """
    digits = _digits(code)
    used_recovery = not (digits.isdigit() and len(digits) == 6)
    with transaction.atomic():
        if used_recovery:
            devices = StaticDevice.objects.filter(user=user, confirmed=True)
            token = _normalise_recovery_code(code)
        else:
            devices = TOTPDevice.objects.filter(user=user, confirmed=True)
            token = digits
        device = devices.select_for_update().order_by("pk").first()
        counter = device or TOTPDevice.objects.filter(user=user).order_by("pk").first()
        if counter is None:
            verified = False
        else:
            _check_not_locked(user, counter)
            if device is None:
                # No device of that kind: the wrong code still counts against the account.
                counter.throttle_increment(commit=True)
                verified = False
            else:
                verified = device.verify_token(token)
        if verified:
            # A success ends the account's run of failures on every device.
            for other in _all_devices(user):
                if other.throttling_failure_count:
                    other.throttle_reset()
        else:
            _record_failure(user)
    if not verified:
        raise WrongCode
    return Verified(
        device=device,
        used_recovery_code=used_recovery,
        recovery_codes_left=recovery_codes_left(user),
    )


# --- changes after re-verification --------------------------------------------------------


@transaction.atomic
def regenerate_recovery_codes(*, user, actor) -> list[str]:
    """Replace all recovery codes; the old ones stop working at once."""
    codes = _issue_recovery_codes(user)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=user,
        summary="recovery codes regenerated",
    )
    return codes


@transaction.atomic
def remove_second_factor(*, user, actor) -> None:
    """Delete the authenticator and the recovery codes; the next staff page asks for set-up."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(action=AuditEntry.Action.UPDATE, actor=actor, obj=user, summary="second factor reset")


# --- demo devices -------------------------------------------------------------------------


def demo_totp_key(email: str) -> str:
    """The fixed, publicly known secret of a demo account's authenticator (hex)."""
    seed = f"{_DEMO_KEY_PURPOSE}:{email.strip().lower()}".encode()
    return hashlib.sha256(seed).hexdigest()[:40]


def is_demo_device(device: TOTPDevice) -> bool:
    return device.name == DEMO_DEVICE_NAME and device.key == demo_totp_key(device.user.email)


def ensure_demo_device(user) -> tuple[TOTPDevice | None, bool]:
    """Give a demo staff account its fixed authenticator unless it has set up its own.

    Returns (device, created); device is None when the account uses another device.
    """
    key = demo_totp_key(user.email)
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, key=key).first()
    if device is not None:
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        return device, False
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None, False
    device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
    return device, True


def current_code(device: TOTPDevice) -> str:
    """The code the device shows right now (demo and tests only)."""
    from django_otp.oath import totp

    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(value).zfill(device.digits)
