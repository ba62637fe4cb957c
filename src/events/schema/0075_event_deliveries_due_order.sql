-- 0075_event_deliveries_due_order: events.deliver takes the due deliveries
-- in (next_attempt_at, event_id) order, a batch at a time. The index held
-- next_attempt_at alone, so every batch sorted every due delivery by event
-- to keep 200: with the 20M demo city's 1.25 M deliveries pending, one
-- batch read all of them from the table at random (the job ran for more
-- than 15 minutes in one statement). In the batch's order, it stops at 200.
CREATE INDEX event_deliveries_due_order ON event_deliveries(next_attempt_at, event_id)
  WHERE status <> 'done';
DROP INDEX event_deliveries_due;
