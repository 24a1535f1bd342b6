"""Course material (lesson images, screenshots of guides, handouts): for the town's staff
only, since screenshots show the administration's internal screens."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.responses import serve_stored_file

from .models import GuideStep, Lesson, LessonImage
from .permissions import can_take_courses


def is_course_material(file_id) -> bool:
    return (
        LessonImage.objects.filter(file_id=file_id).exists()
        or GuideStep.objects.filter(image_id=file_id).exists()
        or Lesson.objects.filter(handout_id=file_id).exists()
    )


@require_GET
@login_required
def course_file(request, pk):
    if not can_take_courses(request.user) or not is_course_material(pk):
        raise Http404
    stored_file = get_object_or_404(StoredFile, pk=pk)
    return serve_stored_file(request, stored_file, inline=stored_file.is_image)
