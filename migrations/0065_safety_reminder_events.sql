-- Expiry reminders go through the event catalog (decision 022): the daily job claims a reminder row first
-- (so a second run at the same moment sends nothing) and records who was emailed once the event is out.
GRANT UPDATE ON safety_reminders TO alliance_app;
