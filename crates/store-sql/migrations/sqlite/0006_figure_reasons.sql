-- Reasons given for figures that failed a plausibility check (planwatch-domain's plausibility):
-- kept with the audit entry of every write, and with a reporter's submission so the approver
-- sees it. Same version number and meaning on both backends.
ALTER TABLE audit_log ADD COLUMN reason TEXT;
ALTER TABLE submissions ADD COLUMN reason TEXT;
