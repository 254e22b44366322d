"""The forms parse input; the services decide the rest."""

import pytest

from touchpoints import services
from touchpoints.choices import Channel
from touchpoints.forms import JourneyForm, MomentForm, PricelessNoteForm, TouchpointForm

NAMED_FORMS = [JourneyForm, TouchpointForm, MomentForm]
VALID_EXTRA = {TouchpointForm: {"channel": "phone"}}


@pytest.mark.parametrize("form_class", NAMED_FORMS)
@pytest.mark.parametrize("name", ["", "   ", "\t\n", "x" * 121])
def test_a_name_must_be_present_and_at_most_120_characters(form_class, name):
    form = form_class({"name": name, **VALID_EXTRA.get(form_class, {})})

    assert not form.is_valid()
    assert "name" in form.errors


@pytest.mark.parametrize("form_class", NAMED_FORMS)
def test_a_name_of_120_characters_is_fine_and_trimmed(form_class):
    form = form_class({"name": f"  {'x' * 120}  ", **VALID_EXTRA.get(form_class, {})})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "x" * 120


def test_channels_are_the_touchpoint_channels():
    assert TouchpointForm().fields["channel"].choices == list(Channel.choices)
    assert not TouchpointForm({"name": "Paying", "channel": "fax"}).is_valid()


def test_moment_of_truth_is_an_optional_checkbox():
    form = MomentForm({"name": "Paying the bill"})

    assert form.is_valid()
    assert form.cleaned_data["is_critical"] is False
    assert MomentForm({"name": "Paying", "is_critical": "on"}).is_valid()


def test_a_priceless_note_needs_text():
    assert not PricelessNoteForm({"text": "  "}).is_valid()
    assert not PricelessNoteForm({"text": "x" * 501}).is_valid()
    assert PricelessNoteForm({"text": "They know my name"}).is_valid()


# What the confirmation page shows comes from deletion_impact.


def test_deletion_impact_counts_what_goes_with_a_moment(
    critical_moment, iron_behaviour, master_behaviour
):
    impact = services.deletion_impact(critical_moment)

    assert impact.blocked_by == 0
    assert {str(label): count for label, count in impact.counts.items()} == {"behaviours": 2}


def test_deletion_impact_of_a_journey_counts_everything_below(journey, iron_behaviour):
    services.add_priceless_note(journey=journey, text="Warm bread")

    impact = services.deletion_impact(journey)

    assert {str(label): count for label, count in impact.counts.items()} == {
        "touchpoints": 1,
        "moments": 2,
        "behaviours": 1,
        "priceless notes": 1,
    }


def test_deletion_impact_of_a_bare_touchpoint_is_empty(journey):
    paying = services.create_touchpoint(journey=journey, name="Paying", channel="in_person")

    assert services.deletion_impact(paying) == services.DeletionImpact(counts={}, blocked_by=0)
