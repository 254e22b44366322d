import socket

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis_url() -> str:
    """A Redis URL nothing listens on: connections are refused at once, as when the
    Redis container is stopped."""
    return f"redis://127.0.0.1:{free_port()}/0"
