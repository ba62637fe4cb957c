-- 1301_safetynet_origin: where a work order that no alert raised came from.
-- kind 'request' covers both residents' own requests (origin '', through the
-- public form) and the needs other rooms of minzheng hand over without a
-- person behind them: a residents' deliberation hall's resolution left
-- unresolved past its deadline (origin 'deliberation.resolution', origin_id
-- the resolution), a duty of the community the way a resident's request is.
-- The pair (origin, origin_id) keeps a second hand-over of the same thing
-- from opening a second order.
ALTER TABLE sn_orders ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE sn_orders ADD COLUMN origin_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sn_orders_origin ON sn_orders (origin, origin_id);
