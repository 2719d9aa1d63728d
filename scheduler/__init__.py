"""The deadline service: sweeps due timers and reminders (built out in the deadline-timer work)."""
