"""Writes of the accounts app: one function per use case, transactional and audited.

Other apps import from here (``from rathaus.core.accounts.services import ...``).
"""

from .deletion import (
    complete_deletion_request,
    open_deletion_request,
    reject_deletion_request,
    request_account_deletion,
)
from .organisations import (
    accept_invitation,
    change_member_role,
    create_organisation,
    invitation_for_token,
    invite_member,
    is_owner,
    leave_organisation,
    remove_member,
    revoke_invitation,
    update_organisation,
)
from .profile import (
    confirm_email_change,
    email_change_for_token,
    request_email_change,
    update_profile,
)
from .registration import (
    account_for_confirmation,
    change_password,
    confirm_email,
    register_account,
    resend_confirmation,
    reset_password,
    send_confirmation_email,
)

__all__ = [
    "accept_invitation",
    "account_for_confirmation",
    "change_member_role",
    "change_password",
    "complete_deletion_request",
    "confirm_email",
    "confirm_email_change",
    "create_organisation",
    "email_change_for_token",
    "invitation_for_token",
    "invite_member",
    "is_owner",
    "leave_organisation",
    "open_deletion_request",
    "register_account",
    "reject_deletion_request",
    "remove_member",
    "request_account_deletion",
    "request_email_change",
    "resend_confirmation",
    "reset_password",
    "revoke_invitation",
    "send_confirmation_email",
    "update_organisation",
    "update_profile",
]
