"""One way to page through a list, for every app: ``?page=N``, 25 rows unless told."""

from django.core.paginator import Page, Paginator

PAGE_PARAM = "page"
PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """The requested page of ``queryset``; a missing or invalid number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get(PAGE_PARAM))
