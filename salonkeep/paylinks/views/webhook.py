"""Stripe's webhook: signed events about the checkouts behind payment links.

Answers 400 to anything whose signature does not verify (nothing is changed), 200 once
the event is handled or is not one this system acts on, and 503 when Stripe itself
could not be asked to confirm the payment, so that Stripe delivers the event again.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from salonkeep.paylinks import stripe_provider
from salonkeep.paylinks.card_checkout import handle_event
from salonkeep.paylinks.providers import BadSignature, ProviderError

logger = logging.getLogger(__name__)

MAX_EVENT_BYTES = 512 * 1024


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if len(request.body) > MAX_EVENT_BYTES:
        return HttpResponse("Event too large.", status=413, content_type="text/plain")
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe_provider.read_webhook(request.body, signature)
    except BadSignature as refusal:
        logger.warning("Refused a Stripe webhook: %s", refusal)
        return HttpResponse(str(refusal), status=400, content_type="text/plain")
    if event is None:
        return HttpResponse("Ignored.", content_type="text/plain")
    try:
        handle_event(event, timezone.now())
    except ProviderError as error:
        logger.warning("Stripe event %s not handled yet: %s", event.id, error)
        return HttpResponse(str(error), status=503, content_type="text/plain")
    return HttpResponse("Handled.", content_type="text/plain")
