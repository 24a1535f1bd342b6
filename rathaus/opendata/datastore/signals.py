"""A resource's tables go with it, however it is deleted: by ``delete_resource``, with its
dataset, or with the whole town (``core.towns.deletion.delete_town`` deletes the town's rows
through Django's collector, which sends ``post_delete`` for each resource). The tables are
dropped inside the deleting transaction, so a deletion that rolls back keeps them."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Resource
from .tables import drop_tables_of


@receiver(post_delete, sender=Resource, dispatch_uid="opendata_drop_datastore_tables")
def drop_datastore_tables(sender, instance: Resource, **kwargs) -> None:
    drop_tables_of(instance.pk)
