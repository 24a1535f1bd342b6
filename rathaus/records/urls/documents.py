"""URLs of the e-file: documents."""

urlpatterns = []
