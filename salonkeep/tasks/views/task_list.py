"""The task list: everyone sees what they must chase; stylists see their own tasks."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import (
    ALL_ROLES,
    BOOKERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.sales.daylock import business_date
from salonkeep.tasks.forms import TaskForm
from salonkeep.tasks.models import Task

RECENTLY_DONE = 20


def visible_tasks(request: BusinessRequest) -> QuerySet[Task]:
    """Stylists see the tasks given to them only: the others are about clients' money."""
    tasks = for_business(Task, request.business).select_related(
        "assignee", "ticket", "client", "payment_owed"
    )
    if request.user.can_book:
        return tasks
    return tasks.filter(assignee__user=request.user)


def _page(request: BusinessRequest, form: TaskForm, status: int = 200) -> HttpResponse:
    tasks = visible_tasks(request)
    today = business_date(request.business, timezone.now())
    open_tasks = list(tasks.filter(done_at__isnull=True))
    done = list(tasks.filter(done_at__isnull=False).order_by("-done_at")[:RECENTLY_DONE])
    return render(
        request,
        "tasks/list.html",
        {"open_tasks": open_tasks, "done_tasks": done, "today": today, "form": form},
        status=status,
    )


@require_GET
@staff_required(*ALL_ROLES)
def task_list(request: BusinessRequest) -> HttpResponse:
    today = business_date(request.business, timezone.now())
    return _page(request, TaskForm(business=request.business, initial={"due": today}))


@require_POST
@staff_required(*BOOKERS)
def task_create(request: BusinessRequest) -> HttpResponse:
    form = TaskForm(request.POST, business=request.business)
    if not form.is_valid():
        return _page(request, form, status=400)
    ticket = form.cleaned_data["ticket_number"]
    Task.objects.create(
        business=request.business,
        title=form.cleaned_data["title"],
        due=form.cleaned_data["due"],
        assignee=form.cleaned_data["assignee"],
        ticket=ticket,
        client=ticket.client if ticket else None,
        created_at=timezone.now(),
        created_by=request.user,
    )
    messages.success(request, f"Task added: {form.cleaned_data['title']}.")
    return redirect("tasks:list")


@require_POST
@staff_required(*ALL_ROLES)
def task_done(request: BusinessRequest, pk: int) -> HttpResponse:
    task = get_for_business(Task, request.business, pk=pk)
    if not visible_tasks(request).filter(pk=task.pk).exists():
        raise Http404("No such task.")
    if request.POST.get("undo") == "1":
        task.done_at = None
        task.done_by = None
        messages.success(request, f"Task reopened: {task.title}.")
    else:
        task.done_at = timezone.now()
        task.done_by = request.user
        messages.success(request, f"Done: {task.title}.")
    task.save(update_fields=["done_at", "done_by"])
    return redirect("tasks:list")
