"""Salonkeep: salon and spa management that keeps working through every kind of failure."""

__version__ = "0.1.0"
