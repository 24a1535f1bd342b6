"""URLs of the e-file: routes."""

urlpatterns = []
