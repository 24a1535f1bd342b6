"""The postbox pages: a person's messages, and one message (which marks it read)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.core.pagination import paginate

from .models import Message
from .services import mark_read

PAGE_SIZE = 20


@require_GET
@login_required
def postbox(request):
    page = paginate(request, Message.objects.postbox_of(request.user), PAGE_SIZE)
    return render(request, "notifications/postbox.html", {"page_obj": page})


@require_GET
@login_required
def message_detail(request, pk):
    message = get_object_or_404(Message.objects.for_user(request.user), pk=pk)
    mark_read(message=message, reader=request.user)
    breadcrumbs = [{"label": _("Postbox"), "url": "/postfach/"}]
    return render(
        request,
        "notifications/message.html",
        {"message": message, "breadcrumbs": breadcrumbs},
    )
