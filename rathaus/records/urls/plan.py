"""URLs of the e-file: plan."""

urlpatterns = []
