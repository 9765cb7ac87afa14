-- A playbook step, and each task made from it, may be done by a clock: once the incident's clock is set (the
-- cut-off decision sets containment_decided), the task counts as done instead of staying overdue.
ALTER TABLE playbook_steps ADD COLUMN done_when_clock text;
ALTER TABLE tasks ADD COLUMN done_when_clock text;

-- The built-in steps that are exactly "decide the cut-off" or "make the first report", and tasks made from them.
UPDATE playbook_steps SET done_when_clock = 'containment_decided'
  WHERE org_id IS NULL AND title_en IN ('Decide whether to block the destination', 'Decide on cutting off external traffic (record who decides and who executes)');
UPDATE playbook_steps SET done_when_clock = 'regulator_first_contact'
  WHERE org_id IS NULL AND title_en = 'Send the preliminary report to the PPC';
UPDATE tasks t SET done_when_clock = s.done_when_clock FROM playbook_steps s
  WHERE t.playbook_step_id = s.id AND s.done_when_clock IS NOT NULL;
