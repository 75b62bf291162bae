"""interview-followup: explained, policy-driven follow-up plans after job interviews."""

__version__ = "0.1.0"
