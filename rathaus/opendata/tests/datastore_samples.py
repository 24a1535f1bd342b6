"""Small tables for the datastore tests, as stewards upload them, and the steps they take."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ..services.resources import add_resource

PARKING_CSV = (
    "name,plaetze,gebuehr,geoeffnet_seit,barrierefrei,stadtteil\n"
    "Parkhaus Bahnhof,420,1.50,2001-04-01,true,Innenstadt\n"
    "Parkplatz Nord,80,0,1998-06-15,false,Nord\n"
    "Tiefgarage Rathaus,150,2.00,2010-09-30,true,Innenstadt\n"
    "Parkplatz Sportpark,,0,2015-03-01,false,Süd\n"
)


def csv_upload(text: str, name: str = "daten.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows: list[list], name: str = "daten.xlsx") -> SimpleUploadedFile:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload_table(steward, dataset, text: str = PARKING_CSV, name: str = "Parkplätze", **kwargs):
    """A steward adds a CSV resource; the load job runs at once under the tests."""
    upload = kwargs.pop("upload", None) or csv_upload(text)
    return add_resource(
        actor=steward,
        dataset=dataset,
        name=name,
        format=kwargs.pop("format", "CSV"),
        uploaded_file=upload,
        **kwargs,
    )


def table_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        return name in connection.introspection.table_names(cursor)


def rows_of(table: str, columns: str = "*") -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {columns} FROM "{table}" ORDER BY "_id"')  # noqa: S608 - quoted identifiers
        return cursor.fetchall()
