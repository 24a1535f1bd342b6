"""Factories for comments and the people around them."""

import factory
from django.contrib.contenttypes.models import ContentType

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory

from ..models import Comment


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment; without ``on`` it stands alone (it is itself the content in tests)."""

    class Meta:
        model = Comment
        exclude = ["on"]

    on = None
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Comment))
    target_id = factory.LazyAttribute(lambda o: str(o.on.pk) if o.on is not None else "-")
    author = factory.SubFactory("rathaus.core.accounts.tests.factories.UserFactory")
    text = factory.Sequence(lambda n: f"Beitrag Nummer {n} zum Marktplatz")
    show_name = False


def moderator(**kwargs):
    user = StaffFactory(**kwargs)
    RoleAssignmentFactory(user=user, role=Role.MODERATOR, unit=None)
    return user
