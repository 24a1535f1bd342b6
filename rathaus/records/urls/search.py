"""URLs of the e-file: search."""

urlpatterns = []
