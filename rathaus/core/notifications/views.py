from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Message


@login_required
def postbox(request):
    messages = Message.objects.for_user(request.user)[:50]
    return render(request, "notifications/postbox.html", {"postbox_messages": messages})
