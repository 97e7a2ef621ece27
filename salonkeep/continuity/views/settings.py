"""The automatic backup settings page (the seed's "Automatic Backup" screen)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.continuity.backup import default_location
from salonkeep.continuity.forms import BackupSettingsForm, location_status
from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import configured_location, settings_for


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def backup_settings(request: BusinessRequest) -> HttpResponse:
    current = settings_for(request.business)
    # Read before the form binds: a refused form leaves its values on the instance.
    resolved = configured_location(current)
    form = BackupSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        # Only the form's own fields: a plain save() would write back the scheduler's
        # claim as it was when the page was read, blocking the salon's next backup.
        saved = form.save(commit=False)
        saved.save(update_fields=list(form.Meta.fields))
        if form.schedule_changed():
            # Scheduler state is only ever changed with update() (see the model): the
            # scheduler works out the next time from the new rules.
            BackupSettings.objects.filter(pk=saved.pk).update(next_due_at=None)
        messages.success(request, "Backup settings saved.")
        return redirect("continuity:settings")
    return render(
        request,
        "continuity/settings.html",
        {
            "form": form,
            "default_location": default_location(),
            "location": location_status(resolved),
        },
    )
