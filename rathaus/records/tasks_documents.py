"""Background job of documents: text recognition (OCR) of scans with ocrmypdf and German
tesseract. The stored original stays as uploaded; only the recognised text is kept."""

import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from rathaus.core.jobs.services import job_task, report_progress, set_result
from rathaus.core.uploads.services import open_stored

OCR_LANGUAGE = "deu"
OCR_TIMEOUT_SECONDS = 600
IMAGE_DPI = "300"


class RecognitionFailed(Exception):
    pass


def recognise_text(source_path: str, *, is_image: bool, workdir: str) -> str:
    """Run ocrmypdf on a PDF or image and return the recognised text (the sidecar)."""
    output = os.path.join(workdir, "ocr.pdf")
    sidecar = os.path.join(workdir, "ocr.txt")
    command = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "--language",
        OCR_LANGUAGE,
        # The PDF has (almost) no text of its own, and its output is thrown away.
        "--force-ocr",
        "--output-type",
        "pdf",
        "--optimize",
        "0",
        "--jobs",
        "1",
        "--quiet",
        "--sidecar",
        sidecar,
    ]
    if is_image:
        command += ["--image-dpi", IMAGE_DPI]
    command += [source_path, output]
    timeout = getattr(settings, "RATHAUS_OCR_TIMEOUT", OCR_TIMEOUT_SECONDS)
    try:
        completed = subprocess.run(  # noqa: S603 - fixed command, paths we created
            command, capture_output=True, timeout=timeout, check=False, cwd=workdir
        )
    except subprocess.TimeoutExpired as error:
        raise RecognitionFailed(f"ocrmypdf took longer than {timeout} s") from error
    if completed.returncode != 0:
        raise RecognitionFailed(
            f"ocrmypdf exited with {completed.returncode}: "
            f"{completed.stderr.decode('utf-8', 'replace')[-2000:]}"
        )
    with open(sidecar, encoding="utf-8", errors="replace") as handle:
        # ocrmypdf marks pages it skipped with a form feed and a note; keep the words.
        return handle.read().replace("\f", "\n").strip()


@task()
@job_task
def ocr_version_job(*, job_id: str, version_id: str) -> dict:
    """Recognise the text of one document version and store it on the version."""
    from .models import DocumentVersion

    version = DocumentVersion.objects.select_related("stored_file", "document").get(pk=version_id)
    detail_url = reverse("records:document_detail", args=[version.document_id])
    total = 3
    report_progress(job_id, done=0, total=total, message=gettext("Preparing the scan."))
    DocumentVersion.objects.filter(pk=version.pk).update(
        text_state=DocumentVersion.TextState.RUNNING
    )
    try:
        with tempfile.TemporaryDirectory(prefix="rathaus-ocr-") as workdir:
            is_image = version.content_type.startswith("image/")
            source = os.path.join(workdir, f"source.{version.stored_file.extension}")
            with open_stored(version.stored_file) as stored, open(source, "wb") as target:
                for chunk in stored.chunks():
                    target.write(chunk)
            report_progress(job_id, done=1, total=total, message=gettext("Recognising the text."))
            text = recognise_text(source, is_image=is_image, workdir=workdir)
    except Exception:
        DocumentVersion.objects.filter(pk=version.pk).update(
            text_state=DocumentVersion.TextState.FAILED
        )
        set_result(job_id, url=detail_url, message=gettext("The text could not be recognised."))
        raise
    state = DocumentVersion.TextState.DONE if text else DocumentVersion.TextState.NONE
    version.text = text
    version.text_state = state
    # save(), not update(): the search index listens to saves.
    version.save(update_fields=["text", "text_state"])
    report_progress(job_id, done=total, total=total, message=gettext("Text recognised."))
    set_result(
        job_id,
        url=detail_url,
        message=gettext("Text recognised: %(count)d words.") % {"count": len(text.split())},
    )
    return {"words": len(text.split())}
