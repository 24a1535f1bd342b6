"""Staff pages: participation managers create and edit budgets and projects; every
change is audited; other staff and citizens get 404."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry

from ..models import Budget, Project
from .conftest import sign_in_verified
from .factories import ProjectFactory, cast_ballot


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


def test_a_manager_creates_a_budget_with_a_project(manager_client, process):
    url = reverse("budgets_staff:create", args=[process.slug])
    response = manager_client.post(
        url,
        {
            "title": "Bürgerhaushalt 2027",
            "description": "Für den Marktplatz",
            "total": "250000",
            "minimum_percent": "0",
            "is_published": "on",
        },
    )
    budget = Budget.objects.get()
    assert response.status_code == 302
    assert budget.total_cents == 25_000_000 and budget.is_published
    project_url = reverse("budgets_staff:project_create", args=[process.slug, budget.pk])
    response = manager_client.post(
        project_url,
        {
            "title": "Trinkbrunnen",
            "description": "Am Rathaus",
            "cost": "38000.50",
            "location": "Nordostecke",
            "position": "1",
            "image_upload": SimpleUploadedFile("brunnen.png", png_bytes()),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.cost_cents == 3_800_050 and project.image is not None
    assert project.image.is_public
    actions = set(AuditEntry.objects.values_list("action", "object_type"))
    assert ("create", "budgets.budget") in actions and ("create", "budgets.project") in actions
    detail = manager_client.get(reverse("budgets_staff:detail", args=[process.slug, budget.pk]))
    assert "38,000.50\xa0€" in detail.content.decode()


def test_a_photo_that_is_not_one_is_refused_keeping_the_values(manager_client, budget):
    url = reverse("budgets_staff:project_create", args=[budget.process.slug, budget.pk])
    response = manager_client.post(
        url,
        {
            "title": "Beleuchtung",
            "cost": "72000",
            "position": "0",
            "image_upload": SimpleUploadedFile("bild.png", b"<script>alert(1)</script>"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please choose a photo" in page and 'value="Beleuchtung"' in page
    assert not Project.objects.exists()


def test_editing_is_audited_with_the_change(manager_client, budget):
    url = reverse("budgets_staff:edit", args=[budget.process.slug, budget.pk])
    response = manager_client.post(
        url,
        {"title": budget.title, "description": "", "total": "300000", "minimum_percent": "10"},
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.total_cents, budget.minimum_percent, budget.is_published) == (
        30_000_000,
        10,
        False,
    )
    entry = AuditEntry.objects.filter(action="update", object_type="budgets.budget").get()
    assert entry.changes["total_cents"] == ["25000000", "30000000"]


def test_a_project_with_votes_cannot_be_deleted(manager_client, citizen, budget, projects):
    chosen = projects["Trinkbrunnen"]
    cast_ballot(budget, citizen, [chosen])
    url = reverse("budgets_staff:project_delete", args=[budget.process.slug, budget.pk, chosen.pk])
    response = manager_client.post(url, follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Project.objects.filter(pk=chosen.pk).exists()
    unchosen = projects["Beleuchtung"]
    url = reverse(
        "budgets_staff:project_delete", args=[budget.process.slug, budget.pk, unchosen.pk]
    )
    manager_client.post(url)
    assert not Project.objects.filter(pk=unchosen.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="budgets.project").exists()


def test_staff_without_the_participation_role_get_404(client, budget):
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=UnitFactory())
    sign_in_verified(client, clerk)
    project = ProjectFactory(budget=budget)
    slug = budget.process.slug
    for url in (
        reverse("budgets_staff:index", args=[slug]),
        reverse("budgets_staff:create", args=[slug]),
        reverse("budgets_staff:detail", args=[slug, budget.pk]),
        reverse("budgets_staff:project_edit", args=[slug, budget.pk, project.pk]),
        reverse("budgets_staff:export", args=[slug, budget.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_administrator_may_manage_budgets(client, budget):
    admin = StaffFactory()
    RoleAssignmentFactory(user=admin, role=Role.ADMINISTRATOR, unit=None)
    sign_in_verified(client, admin)
    page = client.get(reverse("budgets_staff:index", args=[budget.process.slug]))
    assert page.status_code == 200 and budget.title in page.content.decode()


def test_staff_pages_need_a_second_factor(client, manager, budget):
    client.force_login(manager)
    response = client.get(reverse("budgets_staff:index", args=[budget.process.slug]))
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_staff_pages_render(manager_client, budget, projects):
    slug = budget.process.slug
    project = projects["Spielgeräte"]
    for url in (
        reverse("budgets_staff:index", args=[slug]),
        reverse("budgets_staff:create", args=[slug]),
        reverse("budgets_staff:detail", args=[slug, budget.pk]),
        reverse("budgets_staff:edit", args=[slug, budget.pk]),
        reverse("budgets_staff:project_create", args=[slug, budget.pk]),
        reverse("budgets_staff:project_edit", args=[slug, budget.pk, project.pk]),
        reverse("budgets_staff:results", args=[slug, budget.pk]),
    ):
        assert manager_client.get(url).status_code == 200, url
