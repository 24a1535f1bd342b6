"""Logins, logouts and failed logins go to the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEntry
from .services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request, user, **kwargs):
    record(action=AuditEntry.Action.LOGIN, actor=user, obj=user, summary="login")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(action=AuditEntry.Action.LOGOUT, actor=user, obj=user, summary="logout")


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password or the e-mail address typed in: only that it failed.
    record(
        action=AuditEntry.Action.LOGIN_FAILED, object_type="accounts.user", summary="login failed"
    )
