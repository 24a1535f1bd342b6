"""Keep a proposal's comment count exact: recount when a comment on it is saved or deleted."""

from django.contrib.contenttypes.models import ContentType


def comment_changed(sender, instance, **kwargs) -> None:
    from .models import Proposal
    from .services.proposals import refresh_comment_count

    proposal_type = ContentType.objects.get_for_model(Proposal, for_concrete_model=False)
    if instance.target_type_id != proposal_type.pk:
        return
    proposal = Proposal.objects.filter(pk=instance.target_id).first()
    if proposal is not None:
        refresh_comment_count(proposal)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from rathaus.participation.engagement.models import Comment

    post_save.connect(comment_changed, sender=Comment, dispatch_uid="participation_comments")
    post_delete.connect(comment_changed, sender=Comment, dispatch_uid="participation_comments_del")
