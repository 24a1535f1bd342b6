"""Who may do what in training.

- Training admins (and administrators) author courses, assign them, schedule classroom
  sessions and see everyone's results.
- Unit leads see the results of the people in the units they lead (and those below) and
  assign courses to them.
- The e-Government officer sees completion rates per unit and course, never a name.
- A session's trainer records its attendance.
- Everyone sees their own courses, results and certificates. The public sees nothing.
"""

from rathaus.core.accounts.permissions import has_role, is_administrator, unit_ids_of
from rathaus.core.accounts.roles import Role


def is_training_admin(user) -> bool:
    return is_administrator(user) or has_role(user, Role.TRAINING_ADMIN)


def can_take_courses(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_town_staff)


def led_unit_ids(user) -> set:
    return unit_ids_of(user, Role.UNIT_LEAD)


def can_see_compliance(user) -> bool:
    return is_training_admin(user) or has_role(user, Role.EGOV_OFFICER) or bool(led_unit_ids(user))


def can_see_names(user) -> bool:
    """Whether the compliance view may show people (not only rates) to ``user``."""
    return is_training_admin(user) or bool(led_unit_ids(user))


def can_see_results_of(user, person) -> bool:
    if not can_take_courses(user):
        return False
    if user.pk == person.pk or is_training_admin(user):
        return True
    led = led_unit_ids(user)
    return bool(led) and person.role_assignments.filter(unit_id__in=led).exists()


def can_record_attendance(user, session) -> bool:
    return is_training_admin(user) or session.trainer_id == user.pk
