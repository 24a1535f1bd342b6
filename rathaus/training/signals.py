"""A person who receives a role is assigned the published courses of that role at once
(``post_save`` of the foundation's role assignments; training depends on core only)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from rathaus.core.accounts.models import RoleAssignment

from .services.assignments import assign_courses_of_person


@receiver(post_save, sender=RoleAssignment, dispatch_uid="training_assign_on_role")
def assign_courses_for_new_role(sender, instance: RoleAssignment, created: bool, **kwargs):
    if created and not kwargs.get("raw"):
        assign_courses_of_person(instance.user)
