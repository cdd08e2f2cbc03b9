"""whoowns: who owns which duty for an AWS database service."""

__version__ = "0.1.0"
