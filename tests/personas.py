"""The people of the tests. tests/conftest.py turns them into fixtures (Alice, Stan, Sara,
Eve, Adam, Oscar); a test that needs someone else adds them with add_person."""

from accounts import services as account_services

PASSWORD = "cxm-test-Pass-42"


def add_person(organization, username, role, **extra):
    """A member of the organization with the tests' password, named after the username."""
    return account_services.add_member(
        organization=organization,
        username=username,
        role=role,
        password=PASSWORD,
        first_name=username.capitalize(),
        last_name="Test",
        **extra,
    )
