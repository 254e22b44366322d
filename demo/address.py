"""The address `make run` serves on, as a phone or a printed QR card must reach it."""

import ipaddress
import socket

# Binding to every interface serves the machine's network address, not itself.
ANY_HOST = {"0.0.0.0", "::", "[::]", ""}


def lan_address() -> str:
    """This machine's address on its local network, or 127.0.0.1 when it has none.

    Connecting a UDP socket sends nothing: it only asks the kernel which interface would
    route to a public address, so this works offline too.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, never needed
            address = probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    return address if not ipaddress.ip_address(address).is_unspecified else "127.0.0.1"


def public_host(host: str) -> str:
    """The host name others use to reach a server bound to `host`."""
    if host in ANY_HOST:
        return lan_address()
    if ":" in host and not host.startswith("["):
        return f"[{host}]"  # an IPv6 literal inside a URL
    return host


def site_url(host: str, port: int | str) -> str:
    """The SITE_URL of a server bound to host:port (no trailing slash)."""
    return f"http://{public_host(host)}:{port}"
