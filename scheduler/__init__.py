"""The deadline service: sweeps due rows (timers, reminders, expiries) and fires each exactly once."""
