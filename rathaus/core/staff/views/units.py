"""Organisational units: the tree, a unit's page with its members, changes and retiring.

Administrators reach every unit; unit leads and clerks only their units and those
below (clerks read, leads change). Any other unit answers 404, recorded as denied.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rathaus.core.accounts import permissions as perms
from rathaus.core.accounts.models import Unit
from rathaus.core.audit.services import history_for

from .. import services
from ..exceptions import StaffError
from ..forms import UnitForm, UnitMemberForm
from .common import add_validation_error, breadcrumbs, history_page, perform

HISTORY_PREVIEW = 5


def build_tree(units) -> list[dict]:
    """Nest units under their parents; a unit whose parent is not in ``units`` is a root."""
    ids = {unit.pk for unit in units}
    children = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in ids else None].append(unit)

    def node(unit):
        return {"unit": unit, "children": [node(child) for child in children[unit.pk]]}

    return [node(unit) for unit in children[None]]


def _visible_unit(request, pk) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    perms.require(
        perms.can_view_unit(request.user, unit), actor=request.user, obj=unit, summary="unit"
    )
    return unit


def _managed_unit(request, pk) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    perms.require(
        perms.can_manage_unit(request.user, unit),
        actor=request.user,
        obj=unit,
        summary="manage unit",
    )
    return unit


def _unit_crumbs(request, unit: Unit | None = None, *more):
    items = [(_("Organisational units"), reverse("staff:units"))]
    if unit is not None:
        for ancestor in unit.ancestors():
            if perms.can_view_unit(request.user, ancestor):
                items.append((str(ancestor), reverse("staff:unit", args=[ancestor.pk])))
        items.append((str(unit), reverse("staff:unit", args=[unit.pk])))
    return breadcrumbs(*items, *more)


@require_GET
def unit_tree(request):
    perms.require(perms.can_use_units_area(request.user), actor=request.user, summary="units area")
    units = list(perms.visible_units(request.user).order_by("code"))
    return render(
        request,
        "staff/units/tree.html",
        {
            "tree": build_tree(units),
            "may_create": perms.can_create_unit(request.user, None)
            or perms.manageable_units(request.user).exists(),
            "breadcrumbs": breadcrumbs((_("Organisational units"), "")),
        },
    )


def _detail_context(request, unit: Unit, member_form=None) -> dict:
    user = request.user
    roles = perms.assignable_roles(user, unit) if unit.is_active else []
    return {
        "unit": unit,
        "children": unit.children.order_by("code"),
        "members": unit.role_assignments.select_related("user").order_by("role", "created_at"),
        "may_manage": perms.can_manage_unit(user, unit),
        "assignable_roles": roles,
        "member_form": member_form or (UnitMemberForm(roles=roles) if roles else None),
        "history": history_for(unit)[:HISTORY_PREVIEW],
        "history_url": reverse("staff:unit_history", args=[unit.pk]),
        "breadcrumbs": _unit_crumbs(request, unit),
    }


@require_GET
def unit_detail(request, pk):
    unit = _visible_unit(request, pk)
    return render(request, "staff/units/detail.html", _detail_context(request, unit))


def _parent_choices(user):
    return perms.manageable_units(user).filter(is_active=True).order_by("code")


def unit_create(request):
    user = request.user
    perms.require(
        perms.can_create_unit(user, None) or perms.manageable_units(user).exists(),
        actor=user,
        summary="create unit",
    )
    initial = {}
    parent_pk = request.GET.get("parent")
    if parent_pk:
        parent = get_object_or_404(Unit, pk=parent_pk)
        perms.require(perms.can_view_unit(user, parent), actor=user, obj=parent)
        initial["parent"] = parent.pk
    form = UnitForm(
        request.POST or None,
        initial=initial,
        parents=_parent_choices(user),
        parent_required=not perms.is_administrator(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=user, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The unit was created."))
            return redirect("staff:unit", unit.pk)
    return render(
        request,
        "staff/units/form.html",
        {
            "form": form,
            "title": _("New unit"),
            "breadcrumbs": _unit_crumbs(request, None, (_("New unit"), "")),
        },
    )


def unit_edit(request, pk):
    unit = _managed_unit(request, pk)
    user = request.user
    lock_parent = not perms.is_administrator(user) and (
        unit.parent is None or not perms.can_manage_unit(user, unit.parent)
    )
    form = UnitForm(
        request.POST or None,
        instance=unit,
        parents=_parent_choices(user),
        parent_required=not perms.is_administrator(user) and not lock_parent,
        lock_parent=lock_parent,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=user, unit=unit, data=form.cleaned_data)
        except ValidationError as error:
            unit.refresh_from_db()
            add_validation_error(form, error)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("staff:unit", unit.pk)
    return render(
        request,
        "staff/units/form.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Edit unit"),
            "breadcrumbs": _unit_crumbs(request, unit, (_("Edit"), "")),
        },
    )


def _unit_action(request, pk, action, success_message):
    unit = _managed_unit(request, pk)
    return perform(
        request, lambda: action(unit), success_message, then=reverse("staff:unit", args=[unit.pk])
    )


@require_POST
def unit_retire(request, pk):
    return _unit_action(
        request,
        pk,
        lambda unit: services.retire_unit(actor=request.user, unit=unit),
        _("The unit was retired."),
    )


@require_POST
def unit_reactivate(request, pk):
    return _unit_action(
        request,
        pk,
        lambda unit: services.reactivate_unit(actor=request.user, unit=unit),
        _("The unit is active again."),
    )


@require_POST
def unit_member_add(request, pk):
    unit = _visible_unit(request, pk)
    roles = perms.assignable_roles(request.user, unit)
    perms.require(bool(roles), actor=request.user, obj=unit, summary="assign role in unit")
    form = UnitMemberForm(request.POST, roles=roles)
    if form.is_valid():
        try:
            services.assign_role(
                actor=request.user,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                unit=unit,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except StaffError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The role was assigned."))
            return redirect("staff:unit", unit.pk)
    return render(
        request, "staff/units/detail.html", _detail_context(request, unit, member_form=form)
    )


@require_GET
def unit_history(request, pk):
    unit = _visible_unit(request, pk)
    return history_page(
        request,
        obj=unit,
        subject=str(unit),
        back_url=reverse("staff:unit", args=[unit.pk]),
        trail=_unit_crumbs(request, unit, (_("History"), "")),
    )
