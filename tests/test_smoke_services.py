def test_publish_then_acknowledge(published_version, consultant):
    from standards.selectors import latest_unacknowledged_version
    from standards.services import acknowledge_version

    assert latest_unacknowledged_version(consultant) == published_version
    acknowledge_version(membership=consultant, version=published_version)
    assert latest_unacknowledged_version(consultant) is None
