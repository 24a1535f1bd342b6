"""Test content for documents (helper B): PDFs with and without a text layer, scans, Office
files, all generated in the test instead of committed as binaries."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from .factories import ProcedureFactory, RecordFileFactory

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def text_pdf(text: str = "Bauantrag Gartenhaus Lindenweg") -> bytes:
    """A one-page PDF with a real text layer (Helvetica, ASCII text)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def scan_image(lines=("Baugenehmigung", "Stadt Weiterstadt", "Gartenhaus"), size=(1700, 1000)):
    """A white page with large black German text, as a scanner would deliver it."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = None
    for path in FONT_PATHS:
        try:
            font = ImageFont.truetype(path, 80)
            break
        except OSError:
            continue
    font = font or ImageFont.load_default(size=80)
    for index, line in enumerate(lines):
        draw.text((100, 100 + index * 150), line, fill=0, font=font)
    return image


def image_bytes(image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"resolution": 300.0} if fmt == "PDF" else {"dpi": (300, 300)}))
    return out.getvalue()


def scanned_pdf(lines=("Baugenehmigung", "Stadt Weiterstadt", "Gartenhaus")) -> bytes:
    """An image-only PDF (no text layer), rendered with Pillow."""
    return image_bytes(scan_image(lines), "PDF")


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password="geheim", owner_password="geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def upload(content: bytes, name: str, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def procedure_of(unit, **kwargs):
    """An open procedure in an open file of ``unit``."""
    return ProcedureFactory(file=RecordFileFactory(unit=unit), **kwargs)
