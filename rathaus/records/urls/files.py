"""URLs of the e-file: files."""

urlpatterns = []
