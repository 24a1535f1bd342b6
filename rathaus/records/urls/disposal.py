"""URLs of the e-file: disposal."""

urlpatterns = []
