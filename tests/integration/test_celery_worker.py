import time

import pytest
from celery.result import AsyncResult
from django.core import mail
from django.db import transaction

from accounts import services as account_services
from accounts.choices import Role
from standards import services as standards_services
from standards.models import StandardsVersion
from standards.tasks import notify_staff_of_version

pytestmark = pytest.mark.integration


@pytest.mark.django_db(transaction=True)
def test_worker_emails_staff_once_when_a_version_is_published(
    celery_worker_process, organization, manager, iron_behaviour
):
    account_services.add_member(
        organization=organization,
        username="kasia",
        role=Role.STAFF,
        email="kasia@example.com",
        employee_code="E100",
    )
    with transaction.atomic():
        version = standards_services.publish_standards(organization=organization, by=manager.user)
    # The publish woke the task on commit; the worker claims Kasia's notice and sends it.
    for _ in range(100):
        version.refresh_from_db()
        if version.staff_notified_at:
            break
        time.sleep(0.1)
    assert version.staff_notified_at is not None
    notice = version.notices.get()
    assert (notice.email, notice.status, notice.attempts) == ("kasia@example.com", "sent", 1)
    # A retried task finds the notice sent and sends nothing again. (Results are not
    # kept by default: this one asks for its own.)
    again = notify_staff_of_version.apply_async((version.pk,), ignore_result=False)
    assert AsyncResult(again.id).get(timeout=20) == 0
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == ("sent", 1)
    assert StandardsVersion.objects.filter(staff_notified_at__isnull=False).count() == 1
    assert mail.outbox == []  # sent by the worker process, not this one
