"""Arranging a target's comments as a thread for display.

Replies nest up to ``MAX_VISUAL_DEPTH`` levels; deeper replies are shown at the last level
with a note saying whom they answer, so a long exchange stays readable on a phone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Comment

MAX_VISUAL_DEPTH = 3


@dataclass
class Node:
    comment: Comment
    name: str
    is_own: bool
    replies: list["Node"] = field(default_factory=list)
    in_reply_to: str = ""

    @property
    def is_visible(self) -> bool:
        return not self.comment.is_hidden and not self.comment.is_withdrawn


def display_name(comment: Comment) -> str:
    """The author's name if they chose to show it, else "Anonymous"."""
    if comment.show_name and comment.author is not None:
        name = comment.author.get_full_name()
        if name:
            return name
    return _("Anonymous")


def build_thread(comments: list[Comment], *, viewer=None) -> list[Node]:
    """The top-level nodes of ``comments`` (in creation order), replies nested beneath."""
    viewer_id = getattr(viewer, "pk", None) if getattr(viewer, "is_authenticated", False) else None
    nodes: dict = {}
    roots: list[Node] = []
    for comment in sorted(comments, key=lambda c: (c.depth, c.created_at)):
        node = Node(
            comment=comment,
            name=display_name(comment),
            is_own=viewer_id is not None and comment.author_id == viewer_id,
        )
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            roots.append(node)
            continue
        # Nest at most MAX_VISUAL_DEPTH levels: deeper replies join the last level.
        holder = parent
        while holder.comment.depth >= MAX_VISUAL_DEPTH:
            holder = nodes[holder.comment.parent_id]
        if holder is not parent:
            node.in_reply_to = parent.name if parent.is_visible else ""
        holder.replies.append(node)
    for node in nodes.values():
        node.replies.sort(key=lambda n: n.comment.created_at)
    return roots
