"""Who may do what in the programme.

- The e-Government officer (and administrators) edit everything: concept, measures, costs,
  staff plan, budget account, key figures, funding, best practices, the annual report, and
  the expert group's membership.
- Every member of staff reads the concept, roadmap, key figures, funding and best practices
  (the programme is the town's own plan); the people responsible for a measure update its
  status and milestones.
- Expert-group members (staff or external) see the group's area: meetings, decisions,
  tasks and documents; they record meetings, decisions and tasks. External experts see
  nothing else of the staff area.
- The public sees only the published annual reports.
"""

from rathaus.core.accounts.permissions import has_role, is_administrator
from rathaus.core.accounts.roles import Role


def is_officer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        is_administrator(user) or has_role(user, Role.EGOV_OFFICER)
    )


def can_read_programme(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_town_staff)


def can_update_measure(user, measure) -> bool:
    return is_officer(user) or (
        can_read_programme(user) and measure.responsible_person_id == user.pk
    )


def membership_of(user):
    """The user's current expert-group membership, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    from .models import ExpertGroupMember

    return ExpertGroupMember.objects.filter(person=user, left_on__isnull=True).first()


def can_see_expert_group(user) -> bool:
    return is_officer(user) or membership_of(user) is not None


def can_work_in_expert_group(user) -> bool:
    """Record meetings, decisions and tasks, upload documents."""
    return can_see_expert_group(user)
