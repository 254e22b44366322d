"""Surveys shared by the survey tests: an NPS survey of the ordering moment with a
single-use link and a reusable QR link for Stan, and a CSAT survey."""

import pytest

from surveys.forms.services import create_survey
from surveys.links.services import create_link
from tests.fake_smtp import fake_smtp


@pytest.fixture
def nps_survey(organization, manager, critical_moment):
    return create_survey(
        organization=organization,
        name="Dinner NPS",
        metric="nps",
        moment=critical_moment,
        by=manager.user,
    )


@pytest.fixture
def csat_survey(organization, manager):
    return create_survey(
        organization=organization, name="Service CSAT", metric="csat", by=manager.user
    )


@pytest.fixture
def single_link(nps_survey, consultant, manager):
    return create_link(survey=nps_survey, kind="single", consultant=consultant, by=manager.user)


@pytest.fixture
def qr_link(nps_survey, consultant, manager):
    return create_link(survey=nps_survey, kind="reusable", consultant=consultant, by=manager.user)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in a thread (tests/fake_smtp.py), with Django's SMTP backend
    pointed at it: it can refuse connections, answer 451 or 550, or accept."""
    with fake_smtp(settings) as server:
        yield server
