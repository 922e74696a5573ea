"""Static-site generator for the Sekretariat for rammeaftaler's public website."""

ENGINE_VERSION = "0.1.0"
